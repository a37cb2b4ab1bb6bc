using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.ResNet;

namespace TuneStudio.Engine.Pretrained;

// Writes a torchvision-layout ResNet as TorchvisionResNetImport reads it (and torchvision's load_state_dict takes
// it): model.safetensors with the state dict's own names, and config.json with {"architecture": "resnetN", "num_classes"}.
public static class TorchvisionResNetExport
{
    public static void Write(ResNet model, string folder)
    {
        var depth = TorchvisionResNetImport.Layouts.Where(layout => layout.Value.SameLayout(model.Config)).Select(layout => layout.Key).FirstOrDefault();
        if (depth == 0) throw new ArgumentException("Only torchvision's ResNet-18, -34 and -50 layouts export in torchvision's format.", nameof(model));
        Directory.CreateDirectory(folder);
        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), model.state_dict());
        var config = new JsonObject { ["architecture"] = $"resnet{depth}", ["num_classes"] = model.ClassCount };
        File.WriteAllText(Path.Combine(folder, HuggingFaceFiles.Config), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}
