using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.ResNet;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Support;

// A torchvision-layout ResNet with random weights and random BatchNorm statistics (so eval-mode outputs depend on
// every tensor), written as model.safetensors the way safetensors' save_file writes a torchvision state dict.
public static class TorchvisionStateDicts
{
    public static Engine.Models.ResNet.ResNet RandomModel(ResNetConfig config, int classCount = 1000, long seed = 7)
    {
        manual_seed(seed);
        var model = new Engine.Models.ResNet.ResNet(config, classCount);
        using var _ = no_grad();
        foreach (var (name, buffer) in model.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.copy_(randn_like(buffer) * 0.1);
            if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.copy_(rand_like(buffer) + 0.5);
        }
        model.eval();
        return model;
    }

    // Writes the model's state dict, edited: names to drop, tensors to add or replace.
    public static void Save(Engine.Models.ResNet.ResNet model, string folder, IEnumerable<string>? drop = null, IReadOnlyDictionary<string, Tensor>? replace = null)
    {
        Directory.CreateDirectory(folder);
        var tensors = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
        foreach (var name in drop ?? []) Assert.True(tensors.Remove(name), $"the model has no '{name}' to drop");
        foreach (var (name, tensor) in replace ?? new Dictionary<string, Tensor>()) tensors[name] = tensor;
        Safetensors.Write(Path.Combine(folder, "model.safetensors"), tensors);
    }

    public static float[] Outputs(Engine.Models.ResNet.ResNet model, Tensor images)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.forward(images).data<float>().ToArray();
    }
}
