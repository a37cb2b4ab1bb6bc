namespace TuneStudio.Engine.Models.ResNet;

public enum ResNetPadding
{
    // PyTorch's: kernel/2 on every side.
    Symmetric,

    // CNTK's auto-padding: the output is ceil(input / stride) wide and the padding that needs is split with the
    // larger half before (ONNX's SAME_LOWER). The ONNX export froze it for 224×224: the 7×7 stride-2 stem pads
    // [3, 3, 2, 2], a 3×3 stride-2 window on an even map [1, 1, 0, 0]; on an odd map (7 → 4) it pads [1, 1, 1, 1],
    // which keeps a block's main path and its downsample the same size at any input size.
    CntkSame,
}

public static class ResNetPaddingRule
{
    // (before, after) for one spatial axis of the given size.
    public static (int Before, int After) For(ResNetPadding padding, int kernel, int stride, long inputSize) => padding switch
    {
        ResNetPadding.Symmetric => (kernel / 2, kernel / 2),
        ResNetPadding.CntkSame => SameLower(kernel, stride, inputSize),
        _ => throw new ArgumentOutOfRangeException(nameof(padding)),
    };

    // ONNX's pads layout for a square window on a square map: [top, left, bottom, right].
    public static long[] OnnxPads(ResNetPadding padding, int kernel, int stride, long inputSize)
    {
        var (before, after) = For(padding, kernel, stride, inputSize);
        return [before, before, after, after];
    }

    private static (int, int) SameLower(int kernel, int stride, long inputSize)
    {
        var output = (inputSize + stride - 1) / stride;
        var total = (int)Math.Max(0, (output - 1) * stride + kernel - inputSize);
        return (total - total / 2, total / 2);
    }
}
