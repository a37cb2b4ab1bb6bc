using System.Globalization;
using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.ResNet;

namespace TuneStudio.Engine.Pretrained;

// Writes a torchvision-layout ResNet as TorchvisionResNetImport reads it (and torchvision's load_state_dict takes
// it): model.safetensors with the state dict's own names, and config.json with {"architecture": "resnetN", "depth",
// "num_classes", "id2label"}. Only torchvision's layouts export: the built-in resnet18 (ML.NET's CNTK export, blocks
// [2, 2, 2, 3] and CNTK's padding) has no torchvision equivalent, so its runs are refused rather than mislabelled.
public static class TorchvisionResNetExport
{
    // Whether runs of this catalogue model export in torchvision's format (imported torchvision ResNets do).
    public static bool Supports(string modelId, ModelCatalog models) => models.FindImageDefinition(modelId) is ImportedResNetDefinition;

    public static void Write(ResNet model, string folder, IReadOnlyList<string>? labels = null)
    {
        var depth = DepthOf(model.Config);
        if (depth == 0) throw new ArgumentException("Only torchvision's ResNet-18, -34 and -50 layouts export in torchvision's format.", nameof(model));
        Directory.CreateDirectory(folder);
        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), model.state_dict());
        var config = new JsonObject { ["architecture"] = $"resnet{depth}", ["depth"] = depth, ["num_classes"] = model.ClassCount };
        if (labels is not null)
            config["id2label"] = new JsonObject(labels.Select((label, index) =>
                KeyValuePair.Create(index.ToString(CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(label))));
        File.WriteAllText(Path.Combine(folder, HuggingFaceFiles.Config), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    // An image run's checkpoint (its trained backbone and head, with the run's labels) as a torchvision folder.
    public static void ExportCheckpoint(string checkpointDirectory, string targetDirectory, ModelCatalog models)
    {
        var state = CheckpointReader.ReadState(checkpointDirectory);
        var definition = models.FindImageDefinition(state.Config.Model)
                         ?? throw new NotSupportedException($"Model '{state.Config.Model}' is not an image model; only image runs export in torchvision's format.");
        if (!Supports(state.Config.Model, models))
            throw new NotSupportedException($"Model '{state.Config.Model}' has no torchvision layout (ML.NET's ResNet-18 has [2, 2, 2, 3] blocks and CNTK padding); runs on imported torchvision ResNets export.");
        TorchRuntime.Configure();
        using var model = definition.CreateModel(state.Labels.Count, pretrained: false);
        CheckpointReader.LoadWeights(model, checkpointDirectory);
        Write(model, targetDirectory, state.Labels);
    }

    private static int DepthOf(ResNetConfig config) =>
        TorchvisionResNetImport.Layouts.Where(layout => layout.Value.SameLayout(config)).Select(layout => layout.Key).FirstOrDefault();
}
