using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Checkpoints;

public static class CheckpointReader
{
    public static TrainerState ReadState(string checkpointDirectory)
    {
        using var stream = File.OpenRead(Path.Combine(checkpointDirectory, CheckpointFiles.State));
        return JsonSerializer.Deserialize<TrainerState>(stream, TrainerState.Json)
            ?? throw new InvalidDataException($"{checkpointDirectory} has an empty {CheckpointFiles.State}.");
    }

    // Strict: every parameter and buffer of the model must be in the file with the same shape, and nothing else,
    // because a silently half-loaded model looks fine until its predictions are wrong.
    public static void LoadWeights(nn.Module model, string checkpointDirectory)
    {
        using var file = Safetensors.Read(Path.Combine(checkpointDirectory, CheckpointFiles.Weights));
        var targets = model.state_dict();

        var missing = targets.Keys.Except(file.Tensors.Keys).ToList();
        var unexpected = file.Tensors.Keys.Except(targets.Keys).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidDataException(
                $"Checkpoint does not fit the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].");

        using var _ = no_grad();
        foreach (var (name, target) in targets)
        {
            var source = file.Tensors[name];
            if (!source.shape.SequenceEqual(target.shape))
                throw new InvalidDataException(
                    $"Checkpoint tensor '{name}' has shape [{string.Join(", ", source.shape)}], the model expects [{string.Join(", ", target.shape)}].");
            target.copy_(source);
        }
    }
}
