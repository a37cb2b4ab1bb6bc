using TorchSharp.Modules;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// A ResNet of basic or bottleneck blocks with torchvision's parameter names (conv1, bn1, layer1.0.conv1 …
// layer4.N.bn2/bn3, fc), so torchvision's resnet18/34/50 state dicts and the CNTK ResNet-18 (mapped by
// ResNetOnnxWeights) load by name. Features() ends at the globally averaged features (512 or 2048 wide);
// forward() adds the classification head fc. Input: [batch, 3, height, width], already preprocessed.
public sealed class ResNet : nn.Module<Tensor, Tensor>, IFineTunableModel
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear fc;
    private readonly ResNetPadding padding;

    public ResNet(ResNetConfig config, int classCount) : base(nameof(ResNet))
    {
        if (config.BlocksPerStage.Count != ResNetConfig.StageWidths.Count || config.BlocksPerStage.Any(count => count < 1))
            throw new ArgumentException($"A ResNet needs {ResNetConfig.StageWidths.Count} stages of at least one block each.", nameof(config));
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        Config = config;
        ClassCount = classCount;
        padding = config.Padding;
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, bias: false);
        bn1 = nn.BatchNorm2d(64, eps: config.BatchNormEpsilon);
        layer1 = Stage(config, stage: 0);
        layer2 = Stage(config, stage: 1);
        layer3 = Stage(config, stage: 2);
        layer4 = Stage(config, stage: 3);
        fc = nn.Linear(config.FeatureWidth, classCount);
        RegisterComponents();
    }

    public ResNetConfig Config { get; }

    // The four stages are the blocks Freeze and gradual unfreezing count from the top; the stem sits below them.
    public IReadOnlyList<nn.Module> EncoderBlocks => [layer1, layer2, layer3, layer4];

    public nn.Module ClassifierHead => fc;

    public int ClassCount { get; }

    // Everything but the head: the state-dict names pre-trained weights must provide.
    public static bool IsHeadParameter(string name) => name.StartsWith("fc.", StringComparison.Ordinal);

    // [batch, FeatureWidth]: the last stage averaged over its whole map. At 224×224 that map is 7×7 and this is exactly the
    // CNTK graph's final 7×7 AveragePool; a global mean keeps other input sizes (64×64 → 2×2) working.
    public Tensor Features(Tensor images)
    {
        using var scope = NewDisposeScope();
        var stem = nn.functional.relu(bn1.forward(conv1.forward(PaddedWindow.Pad(images, padding, 7, 2))));
        var hidden = PaddedWindow.MaxPool(stem, padding, 3, 2);
        hidden = layer4.forward(layer3.forward(layer2.forward(layer1.forward(hidden))));
        return hidden.mean([2, 3]).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return fc.forward(Features(images)).MoveToOuterDisposeScope();
    }

    private static Sequential Stage(ResNetConfig config, int stage)
    {
        var width = ResNetConfig.StageWidths[stage];
        var inputWidth = stage == 0 ? 64 : ResNetConfig.StageWidths[stage - 1] * config.Expansion;
        var stride = stage == 0 ? 1 : 2;
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var block = 0; block < config.BlocksPerStage[stage]; block++)
        {
            var (blockInput, blockStride) = block == 0 ? (inputWidth, stride) : (width * config.Expansion, 1);
            nn.Module<Tensor, Tensor> module = config.Block == ResNetBlock.Bottleneck
                ? new Bottleneck(blockInput, width, blockStride, config)
                : new BasicBlock(blockInput, width, blockStride, config);
            blocks.Add((block.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        }
        return nn.Sequential(blocks);
    }
}
