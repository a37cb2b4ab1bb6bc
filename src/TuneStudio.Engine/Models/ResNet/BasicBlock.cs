using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// ResNet's two-convolution residual block with torchvision's names: conv1, bn1, conv2, bn2 and, where the block
// changes width or stride, downsample.0 (1×1 convolution) and downsample.1 (BatchNorm).
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
    private readonly int stride;
    private readonly ResNetPadding padding;

    public BasicBlock(int inputWidth, int width, int stride, ResNetConfig config) : base(nameof(BasicBlock))
    {
        this.stride = stride;
        padding = config.Padding;
        conv1 = nn.Conv2d(inputWidth, width, 3, stride: stride, bias: false);
        bn1 = nn.BatchNorm2d(width, eps: config.BatchNormEpsilon);
        conv2 = nn.Conv2d(width, width, 3, bias: false);
        bn2 = nn.BatchNorm2d(width, eps: config.BatchNormEpsilon);
        if (stride != 1 || inputWidth != width)
            downsample = nn.Sequential(
                ("0", nn.Conv2d(inputWidth, width, 1, stride: stride, bias: false)),
                ("1", nn.BatchNorm2d(width, eps: config.BatchNormEpsilon)));
        RegisterComponents();
    }

    public bool HasDownsample => downsample is not null;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.relu(bn1.forward(conv1.forward(PaddedWindow.Pad(input, padding, 3, stride))));
        var residual = bn2.forward(conv2.forward(PaddedWindow.Pad(hidden, padding, 3, 1)));
        var shortcut = downsample?.forward(input) ?? input;
        return nn.functional.relu(residual + shortcut).MoveToOuterDisposeScope();
    }
}
