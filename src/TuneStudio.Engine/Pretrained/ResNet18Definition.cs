using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Onnx;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// ImageNet ResNet-18 from ML.NET's package (CNTK export: stages [2, 2, 2, 3], CNTK padding), with a new fc head.
// Both ONNX files are parsed once per process; every model built afterwards copies the cached tensors.
// ModelCatalog lists it (through ImageClassifierDefinition) for image-classification runs. No LoRA: its adapters
// are for linear layers; the freezing methods (Freeze by stage, HeadOnly, BitFit, GradualUnfreeze) all apply.
public static class ResNet18Definition
{
    public const string Id = "resnet18";
    public static readonly ResNetConfig Config = ResNetConfig.CntkResNet18;

    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> Weights = new(LoadWeights);
    private static readonly Lazy<Tensor> MeanImage = new(LoadMeanImage);

    public static ModelInfo Info { get; } = new(
        Id,
        Name: "ResNet-18 (ImageNet)",
        Description: "An 18-layer residual network pre-trained on ImageNet (ML.NET's CNTK export, 3 blocks in its " +
                     "last stage), with a new classifier on its 512-wide average-pooled features.",
        Task: Tasks.TaskNames.ImageClassification,
        Source: ResNet18Package.Source,
        ParameterCount: ParameterCount(classCount: 2),
        MaxSequenceLength: 0,
        Methods: [FineTuneMethod.Full, FineTuneMethod.Freeze],
        Licence: "MIT (Microsoft.ML.DnnImageFeaturizer.ResNet18)",
        Input: "224×224 RGB (BGR 0–255 minus ImageNet mean)")
    {
        ImageSize = ResNetPreprocessing.NativeSize,
        HeadParameterCount = 2 * (Config.FeatureWidth + 1),
    };

    public static ImageClassifierDefinition Definition { get; } = new ResNet18ImageDefinition();

    // How many times this process parsed the model's ONNX file: tests hold it to one.
    internal static int OnnxParses;

    public static ResNet CreateModel(int classCount, bool pretrained = true)
    {
        var model = new ResNet(Config, classCount);
        if (!pretrained) return model;
        try
        {
            // The head is new: it keeps its own random initialisation; everything else must come from the file.
            var weights = new Dictionary<string, Tensor>(Weights.Value, StringComparer.Ordinal);
            foreach (var (name, head) in model.state_dict().Where(pair => ResNet.IsHeadParameter(pair.Key)))
                weights[name] = head;
            PretrainedWeights.CopyInto(model, weights);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static ResNetPreprocessing CreatePreprocessing(int imageSize = ResNetPreprocessing.NativeSize) => new(MeanImage.Value, imageSize);

    public static long ParameterCount(int classCount)
    {
        long count = 3 * 64 * 49 + 2 * 64;
        var inputWidth = 64;
        for (var stage = 0; stage < Config.BlocksPerStage.Count; stage++)
        {
            var width = ResNetConfig.StageWidths[stage];
            for (var block = 0; block < Config.BlocksPerStage[stage]; block++)
            {
                var blockInput = block == 0 ? inputWidth : width;
                count += 9L * blockInput * width + 9L * width * width + 4L * width;
                if (block == 0 && blockInput != width) count += (long)blockInput * width + 2L * width;
            }
            inputWidth = width;
        }
        return count + Config.FeatureWidth * classCount + classCount;
    }

    private static IReadOnlyDictionary<string, Tensor> LoadWeights()
    {
        Interlocked.Increment(ref OnnxParses);
        var weights = ResNetOnnxWeights.ToStateDict(OnnxModelReader.Read(ResNet18Package.ReadOnnxModel(), ResNet18Package.ModelPath), Config);
        // Cached for the process's lifetime: outside any dispose scope, never disposed.
        foreach (var weight in weights.Values) weight.DetachFromDisposeScope();
        return weights;
    }

    // ResNetPreprocess.onnx is Split(RGB) → Concat(B, G, R) → Sub(MeanImage): only the mean image is data.
    private static Tensor LoadMeanImage()
    {
        var graph = OnnxModelReader.Read(ResNet18Package.ReadPreprocessModel(), ResNet18Package.PreprocessPath);
        var sub = graph.Nodes.SingleOrDefault(node => node.OpType == "Sub")
                  ?? throw new InvalidDataException("ResNetPreprocess.onnx has no Sub node.");
        if (!graph.Initializers.TryGetValue(sub.Inputs[1], out var mean))
            throw new InvalidDataException("ResNetPreprocess.onnx subtracts something that is not a stored mean image.");
        var image = mean.ToTensor();
        image.DetachFromDisposeScope();
        return image;
    }
}

internal sealed class ResNet18ImageDefinition : ImageClassifierDefinition
{
    public override ModelInfo Info => ResNet18Definition.Info;

    public override ResNet CreateModel(int classCount, bool pretrained = true) => ResNet18Definition.CreateModel(classCount, pretrained);

    public override IImagePreprocessing CreatePreprocessing(int imageSize) => ResNet18Definition.CreatePreprocessing(imageSize);
}
