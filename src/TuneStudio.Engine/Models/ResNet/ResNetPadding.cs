namespace TuneStudio.Engine.Models.ResNet;

public enum ResNetPadding
{
    // PyTorch's: kernel/2 on every side.
    Symmetric,

    // CNTK's auto-padding as its ONNX export writes it: kernel/2 before, and after a window with stride s,
    // kernel/2 − (s − 1) (never below 0). A 7×7 stride-2 stem pads [3, 3, 2, 2]; a 3×3 stride-2 window [1, 1, 0, 0].
    CntkSame,
}

public static class ResNetPaddingRule
{
    // (before, after) for one spatial axis.
    public static (int Before, int After) For(ResNetPadding padding, int kernel, int stride) => padding switch
    {
        ResNetPadding.Symmetric => (kernel / 2, kernel / 2),
        ResNetPadding.CntkSame => (kernel / 2, Math.Max(0, kernel / 2 - (stride - 1))),
        _ => throw new ArgumentOutOfRangeException(nameof(padding)),
    };

    // ONNX's pads layout for a square window: [top, left, bottom, right].
    public static long[] OnnxPads(ResNetPadding padding, int kernel, int stride)
    {
        var (before, after) = For(padding, kernel, stride);
        return [before, before, after, after];
    }
}
