namespace TuneStudio.Engine.Models.ResNet;

// How a basic-block ResNet is shaped: blocks per stage (widths 64, 128, 256, 512), how its convolutions and the
// stem's max pool pad, and BatchNorm's epsilon. The pooled features are always 512 wide.
public sealed record ResNetConfig(IReadOnlyList<int> BlocksPerStage, ResNetPadding Padding, double BatchNormEpsilon = 1e-5)
{
    public static readonly IReadOnlyList<int> StageWidths = [64, 128, 256, 512];

    public const int FeatureWidth = 512;

    // torchvision's resnet18 and resnet34.
    public static readonly ResNetConfig TorchvisionResNet18 = new([2, 2, 2, 2], ResNetPadding.Symmetric);
    public static readonly ResNetConfig TorchvisionResNet34 = new([3, 4, 6, 3], ResNetPadding.Symmetric);

    // The ImageNet ResNet-18 that ML.NET ships (exported from CNTK): its graph has three blocks in the last stage,
    // and CNTK's "same" padding puts one pixel less after a strided window than before it.
    public static readonly ResNetConfig CntkResNet18 = new([2, 2, 2, 3], ResNetPadding.CntkSame);

    public int BlockCount => BlocksPerStage.Sum();
}
