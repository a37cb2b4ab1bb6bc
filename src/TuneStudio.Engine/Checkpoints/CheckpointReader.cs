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
    // because a silently half-loaded model looks fine until its predictions are wrong. The one exception: a checkpoint
    // that omits the frozen weights leaves the model's frozen parameters as built (CheckpointModel builds them).
    public static void LoadWeights(nn.Module model, string checkpointDirectory)
    {
        using var file = Safetensors.Read(Path.Combine(checkpointDirectory, CheckpointFiles.Weights));
        var frozen = ReadState(checkpointDirectory).FrozenWeightsOmitted
            ? model.named_parameters().Where(entry => !entry.parameter.requires_grad).Select(entry => entry.name).ToHashSet()
            : [];
        var targets = model.state_dict().Where(entry => !frozen.Contains(entry.Key)).ToDictionary();

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
