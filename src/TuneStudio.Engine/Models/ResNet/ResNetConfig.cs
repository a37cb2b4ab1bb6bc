namespace TuneStudio.Engine.Models.ResNet;

public enum ResNetBlock
{
    // Two 3×3 convolutions (ResNet-18/34).
    Basic,

    // 1×1, 3×3, 1×1 convolutions, four times wider out than in (ResNet-50 and deeper).
    Bottleneck,
}

// How a ResNet is shaped: its block, blocks per stage (stage widths 64, 128, 256, 512, times four at a bottleneck's
// output), how its convolutions and the stem's max pool pad, and BatchNorm's epsilon.
public sealed record ResNetConfig(IReadOnlyList<int> BlocksPerStage, ResNetPadding Padding, double BatchNormEpsilon = 1e-5, ResNetBlock Block = ResNetBlock.Basic)
{
    public static readonly IReadOnlyList<int> StageWidths = [64, 128, 256, 512];

    // torchvision's resnet18, resnet34 and resnet50.
    public static readonly ResNetConfig TorchvisionResNet18 = new([2, 2, 2, 2], ResNetPadding.Symmetric);
    public static readonly ResNetConfig TorchvisionResNet34 = new([3, 4, 6, 3], ResNetPadding.Symmetric);
    public static readonly ResNetConfig TorchvisionResNet50 = new([3, 4, 6, 3], ResNetPadding.Symmetric, Block: ResNetBlock.Bottleneck);

    // The ImageNet ResNet-18 that ML.NET ships (exported from CNTK): its graph has three blocks in the last stage,
    // and CNTK's "same" padding puts one pixel less after a strided window than before it.
    public static readonly ResNetConfig CntkResNet18 = new([2, 2, 2, 3], ResNetPadding.CntkSame);

    public int BlockCount => BlocksPerStage.Sum();

    // How much wider a block's output is than its stage width.
    public int Expansion => Block == ResNetBlock.Bottleneck ? Bottleneck.Expansion : 1;

    // The pooled features the head reads: 512 for basic blocks, 2048 for bottlenecks.
    public int FeatureWidth => StageWidths[^1] * Expansion;

    // The depth torchvision names the network by: the stem, every block's convolutions, and fc.
    public int Depth => 2 + BlockCount * (Block == ResNetBlock.Bottleneck ? 3 : 2);

    // Records compare lists by reference; layouts are equal when their shapes are.
    public bool SameLayout(ResNetConfig other) =>
        Block == other.Block && Padding == other.Padding && BlocksPerStage.SequenceEqual(other.BlocksPerStage);
}
