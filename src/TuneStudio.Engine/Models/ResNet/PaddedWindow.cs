using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// Convolutions are built without padding and padded here, because CNTK's padding depends on the map's size and
// can be asymmetric, and nn.Conv2d's is neither. A max pool pads with −∞, as ONNX's MaxPool does, so padding
// never wins the max.
internal static class PaddedWindow
{
    public static Tensor Pad(Tensor input, ResNetPadding padding, int kernel, int stride, double value = 0)
    {
        var (top, bottom) = ResNetPaddingRule.For(padding, kernel, stride, input.shape[2]);
        var (left, right) = ResNetPaddingRule.For(padding, kernel, stride, input.shape[3]);
        if (top == 0 && bottom == 0 && left == 0 && right == 0) return input;
        return nn.functional.pad(input, [left, right, top, bottom], PaddingModes.Constant, value);
    }

    public static Tensor MaxPool(Tensor input, ResNetPadding padding, int kernel, int stride) =>
        nn.functional.max_pool2d(Pad(input, padding, kernel, stride, double.NegativeInfinity), kernel, stride);
}
