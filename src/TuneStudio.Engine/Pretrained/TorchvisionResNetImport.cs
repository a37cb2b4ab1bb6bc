using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.ResNet;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Reads a torchvision ResNet-18/34/50 state dict saved as safetensors (model.safetensors, names exactly
// torchvision's: conv1.weight, bn1.*, layer1.0.conv1.weight …, fc.*), with an optional config.json naming the
// depth ({"architecture": "resnet50"} as timm writes it, or {"depth": 50}). Without a config the depth comes from
// the tensors: blocks per stage and whether blocks have a conv3. Every tensor is then checked against that
// layout; fc.* may be absent (a backbone without its head), and so may BatchNorm's num_batches_tracked.
public static partial class TorchvisionResNetImport
{
    public static readonly IReadOnlyDictionary<int, ResNetConfig> Layouts = new Dictionary<int, ResNetConfig>
    {
        [18] = ResNetConfig.TorchvisionResNet18,
        [34] = ResNetConfig.TorchvisionResNet34,
        [50] = ResNetConfig.TorchvisionResNet50,
    };

    // Whether a folder's weights look like a torchvision ResNet at all (so an import can tell it from a BERT folder).
    public static bool Recognises(string folder)
    {
        var weights = Path.Combine(folder, HuggingFaceFiles.Weights);
        if (!File.Exists(weights)) return false;
        try
        {
            var shapes = Safetensors.ReadShapes(weights);
            return shapes.TryGetValue("conv1.weight", out var stem) && stem.Length == 4 || shapes.Keys.Any(name => BlockName().IsMatch(name));
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or IOException)
        {
            return false;
        }
    }

    // The depth (18, 34 or 50), or the problems that stop it being known, each naming the file.
    public static (int Depth, IReadOnlyList<string> Problems) DetectDepth(string folder)
    {
        var weightsPath = Path.Combine(folder, HuggingFaceFiles.Weights);
        if (!File.Exists(weightsPath)) return (0, [$"{HuggingFaceFiles.Weights} is missing."]);
        var configPath = Path.Combine(folder, HuggingFaceFiles.Config);
        if (File.Exists(configPath)) return DepthFromConfig(File.ReadAllText(configPath));

        IReadOnlyDictionary<string, long[]> shapes;
        try { shapes = Safetensors.ReadShapes(weightsPath); }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or IOException)
        {
            return (0, [$"{HuggingFaceFiles.Weights}: {e.Message}"]);
        }
        var blocks = new int[4];
        var bottleneck = false;
        foreach (var match in shapes.Keys.Select(name => BlockName().Match(name)).Where(match => match.Success))
        {
            var stage = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (stage is < 1 or > 4) continue;
            blocks[stage - 1] = Math.Max(blocks[stage - 1], int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + 1);
            bottleneck |= match.Groups[3].Value.StartsWith("conv3", StringComparison.Ordinal) || match.Groups[3].Value.StartsWith("bn3", StringComparison.Ordinal);
        }
        if (blocks.All(count => count == 0))
            return (0, [$"{HuggingFaceFiles.Weights} has no torchvision ResNet blocks (layer1.0.conv1.weight …)."]);
        var block = bottleneck ? ResNetBlock.Bottleneck : ResNetBlock.Basic;
        foreach (var (depth, layout) in Layouts)
            if (layout.Block == block && layout.BlocksPerStage.SequenceEqual(blocks))
                return (depth, []);
        return (0, [$"{HuggingFaceFiles.Weights} has stages of [{string.Join(", ", blocks)}] {(bottleneck ? "bottleneck" : "basic")} blocks: " +
                    "not torchvision's ResNet-18 [2, 2, 2, 2] basic, ResNet-34 [3, 4, 6, 3] basic or ResNet-50 [3, 4, 6, 3] bottleneck."]);
    }

    // Every problem with the folder, each naming the file or the tensor; empty when it imports.
    // maxWeightBytes: the header's tensors, as float32, must fit; checked before the network is built.
    public static IReadOnlyList<string> Validate(string folder, long maxWeightBytes = long.MaxValue)
    {
        try
        {
            var weightBytes = !File.Exists(Path.Combine(folder, HuggingFaceFiles.Weights)) ? 0 : Safetensors.ReadShapes(Path.Combine(folder, HuggingFaceFiles.Weights))
                .Sum(entry => entry.Value.Aggregate(1.0, (product, dim) => product * dim)) * sizeof(float);
            if (weightBytes > maxWeightBytes)
                return [$"{HuggingFaceFiles.Weights} holds about {weightBytes / 1e9:0.0} GB of weights as float32: above this studio's limit of {maxWeightBytes / 1e9:0.0} GB for an imported model."];
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return [$"{HuggingFaceFiles.Weights}: {e.Message}"];
        }
        try
        {
            using var model = Load(folder);
            return [];
        }
        catch (ImportRejectedException rejected)
        {
            return rejected.Problems;
        }
    }

    // The whole network as the file holds it, in eval mode: with the file's fc when it has one (its class count
    // from fc.weight), otherwise with a fresh 1000-class head. Throws ImportRejectedException naming every problem.
    public static ResNet Load(string folder)
    {
        var (depth, problems) = DetectDepth(folder);
        if (problems.Count > 0) throw new ImportRejectedException(problems);
        TorchRuntime.Configure();
        SafetensorsFile file;
        try { file = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)); }
        catch (InvalidDataException e) { throw new ImportRejectedException([$"{HuggingFaceFiles.Weights}: {e.Message}"]); }
        using (file)
        {
            var classCount = file.Tensors.TryGetValue("fc.weight", out var head) && head.ndim == 2 ? (int)head.shape[0] : 1000;
            var model = new ResNet(Layouts[depth], classCount);
            try
            {
                var weights = Completed(model, file.Tensors, keepHead: true);
                var tensorProblems = PretrainedWeights.Check(model, weights);
                if (tensorProblems.Count > 0) throw new ImportRejectedException(tensorProblems);
                PretrainedWeights.CopyInto(model, weights);
                model.eval();
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
    }

    // The file's tensors plus what it may leave out: the head (when absent or !keepHead) and BatchNorm's counters.
    internal static Dictionary<string, Tensor> Completed(ResNet model, IReadOnlyDictionary<string, Tensor> file, bool keepHead)
    {
        var weights = new Dictionary<string, Tensor>(file, StringComparer.Ordinal);
        var hasHead = keepHead && (file.ContainsKey("fc.weight") || file.ContainsKey("fc.bias"));
        foreach (var (name, own) in model.state_dict())
        {
            if (ResNet.IsHeadParameter(name) && !hasHead) weights[name] = own;
            else if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)) weights.TryAdd(name, own);
        }
        return weights;
    }

    private static (int, IReadOnlyList<string>) DepthFromConfig(string text)
    {
        try
        {
            var json = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new InvalidDataException("is not a JSON object.");
            int? depth = json["depth"] is JsonValue value ? value.GetValue<int>()
                : json["architecture"]?.GetValue<string>() is { } architecture && ArchitectureName().Match(architecture) is { Success: true } match
                    ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                    : null;
            if (depth is null)
                return (0, [$"{HuggingFaceFiles.Config} names no ResNet depth: give \"architecture\": \"resnet50\" or \"depth\": 50."]);
            if (!Layouts.ContainsKey(depth.Value))
                return (0, [$"{HuggingFaceFiles.Config} asks for ResNet-{depth}; torchvision ResNet-18, -34 and -50 can be imported."]);
            return (depth.Value, []);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            return (0, [$"{HuggingFaceFiles.Config}: {e.Message}"]);
        }
    }

    [GeneratedRegex(@"^layer(\d+)\.(\d+)\.(.+)$")]
    private static partial Regex BlockName();

    [GeneratedRegex(@"^resnet(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ArchitectureName();
}
