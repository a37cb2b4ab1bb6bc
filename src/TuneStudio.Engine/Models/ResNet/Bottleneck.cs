using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// ResNet-50's three-convolution residual block with torchvision's names: conv1 (1×1 down to the stage width),
// conv2 (3×3, carries the stride, as torchvision's "v1.5" does), conv3 (1×1 up to four times the width), each with
// its BatchNorm, and downsample.0/1 where the block changes width or stride.
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
    private readonly int stride;
    private readonly ResNetPadding padding;

    public Bottleneck(int inputWidth, int width, int stride, ResNetConfig config) : base(nameof(Bottleneck))
    {
        this.stride = stride;
        padding = config.Padding;
        var outputWidth = width * Expansion;
        conv1 = nn.Conv2d(inputWidth, width, 1, bias: false);
        bn1 = nn.BatchNorm2d(width, eps: config.BatchNormEpsilon);
        conv2 = nn.Conv2d(width, width, 3, stride: stride, bias: false);
        bn2 = nn.BatchNorm2d(width, eps: config.BatchNormEpsilon);
        conv3 = nn.Conv2d(width, outputWidth, 1, bias: false);
        bn3 = nn.BatchNorm2d(outputWidth, eps: config.BatchNormEpsilon);
        if (stride != 1 || inputWidth != outputWidth)
            downsample = nn.Sequential(
                ("0", nn.Conv2d(inputWidth, outputWidth, 1, stride: stride, bias: false)),
                ("1", nn.BatchNorm2d(outputWidth, eps: config.BatchNormEpsilon)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.relu(bn1.forward(conv1.forward(input)));
        hidden = nn.functional.relu(bn2.forward(conv2.forward(PaddedWindow.Pad(hidden, padding, 3, stride))));
        var residual = bn3.forward(conv3.forward(hidden));
        var shortcut = downsample?.forward(input) ?? input;
        return nn.functional.relu(residual + shortcut).MoveToOuterDisposeScope();
    }
}
