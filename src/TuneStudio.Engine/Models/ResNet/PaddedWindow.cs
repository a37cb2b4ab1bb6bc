using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// Convolutions are built without padding and padded here, because CNTK's padding is asymmetric and
// nn.Conv2d's is not. A max pool pads with −∞, as ONNX's MaxPool does, so padding never wins the max.
internal static class PaddedWindow
{
    public static Tensor Pad(Tensor input, ResNetPadding padding, int kernel, int stride, double value = 0)
    {
        var (before, after) = ResNetPaddingRule.For(padding, kernel, stride);
        if (before == 0 && after == 0) return input;
        return nn.functional.pad(input, [before, after, before, after], PaddingModes.Constant, value);
    }

    public static Tensor MaxPool(Tensor input, ResNetPadding padding, int kernel, int stride) =>
        nn.functional.max_pool2d(Pad(input, padding, kernel, stride, double.NegativeInfinity), kernel, stride);
}
