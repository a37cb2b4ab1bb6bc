using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.ResNet;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// A torchvision ResNet-18/34/50 a user brought as safetensors, offered as an image foundation: models built from
// it start from its backbone with a fresh fc for their classes, and take torchvision's preprocessing.
public sealed class ImportedResNetDefinition : ImageClassifierDefinition
{
    private readonly string _folder;
    private readonly Lazy<IReadOnlyDictionary<string, Tensor>> _backbone;

    private ImportedResNetDefinition(string id, string name, string source, string folder, int depth)
    {
        _folder = folder;
        Depth = depth;
        Config = TorchvisionResNetImport.Layouts[depth];
        _backbone = new(ReadBackbone);
        info = new ModelInfo(
            id, name,
            Description: $"Imported torchvision ResNet-{depth} ({Config.Block.ToString().ToLowerInvariant()} blocks " +
                         $"[{string.Join(", ", Config.BlocksPerStage)}]), with a new classifier on its {Config.FeatureWidth}-wide pooled features.",
            Task: Tasks.TaskNames.ImageClassification,
            Source: source,
            ParameterCount: ParameterCount(Config, classCount: 2),
            MaxSequenceLength: 0,
            Methods: [FineTuneMethod.Full, FineTuneMethod.Freeze],
            Licence: "as stated by whoever imported it",
            Input: $"{TorchvisionPreprocessing.NativeSize}×{TorchvisionPreprocessing.NativeSize} RGB (/255, ImageNet mean/std)")
        {
            ImageSize = TorchvisionPreprocessing.NativeSize,
            HeadParameterCount = 2 * (Config.FeatureWidth + 1),
        };
    }

    private readonly ModelInfo info;

    public override ModelInfo Info => info;

    public int Depth { get; }

    public ResNetConfig Config { get; }

    // Throws ImportRejectedException naming every problem with the folder.
    public static ImportedResNetDefinition Open(string id, string name, string source, string folder)
    {
        var problems = TorchvisionResNetImport.Validate(folder);
        if (problems.Count > 0) throw new ImportRejectedException(problems);
        return new ImportedResNetDefinition(id, name, source, folder, TorchvisionResNetImport.DetectDepth(folder).Depth);
    }

    public override ResNet CreateModel(int classCount, bool pretrained = true)
    {
        var model = new ResNet(Config, classCount);
        if (!pretrained) return model;
        try
        {
            PretrainedWeights.CopyInto(model, TorchvisionResNetImport.Completed(model, _backbone.Value, keepHead: false));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override IImagePreprocessing CreatePreprocessing(int imageSize = TorchvisionPreprocessing.NativeSize) => new TorchvisionPreprocessing(imageSize);

    public static long ParameterCount(ResNetConfig config, int classCount)
    {
        using var model = new ResNet(config, classCount);
        return model.parameters().Sum(parameter => parameter.numel());
    }

    // Read once, kept for the process's lifetime like the catalogue's other pre-trained weights; the file's head
    // is left out because every model gets its own.
    private IReadOnlyDictionary<string, Tensor> ReadBackbone()
    {
        using var file = Safetensors.Read(Path.Combine(_folder, HuggingFaceFiles.Weights));
        var weights = file.Tensors.Where(entry => !ResNet.IsHeadParameter(entry.Key)).ToDictionary(entry => entry.Key, entry => entry.Value.clone());
        foreach (var weight in weights.Values) weight.DetachFromDisposeScope();
        return weights;
    }
}
