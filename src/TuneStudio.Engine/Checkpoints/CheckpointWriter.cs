using System.Text.Json;
using TorchSharp;

namespace TuneStudio.Engine.Checkpoints;

// Writes {root}/{name}/ with model.safetensors and trainer_state.json, atomically: everything goes into
// a temporary sibling directory first, is flushed to disk, and only then renamed into place, so a reader
// (or a crash) never sees a half-written checkpoint under its final name.
public static class CheckpointWriter
{
    // writeExtras writes further files (optimizer and RNG state) into the directory before it is renamed into place.
    public static CheckpointInfo Write(string root, string name, torch.nn.Module model, TrainerState state, Action<string>? writeExtras = null)
    {
        Directory.CreateDirectory(root);
        var final = Path.Combine(root, name);
        if (Directory.Exists(final))
            throw new IOException($"Checkpoint '{name}' already exists in {root}.");

        var temporary = Path.Combine(root, $"{name}{CheckpointFiles.TemporaryMarker}{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            Directory.CreateDirectory(temporary);
            Safetensors.Write(Path.Combine(temporary, CheckpointFiles.Weights), StoredWeights(model, state),
                new Dictionary<string, string> { ["format"] = "pt", ["model"] = state.Config.Model, ["method"] = state.Config.Method.ToString().ToLowerInvariant() });
            writeExtras?.Invoke(temporary);
            WriteState(Path.Combine(temporary, CheckpointFiles.State), state);
            Directory.Move(temporary, final);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }

        var size = new DirectoryInfo(final).EnumerateFiles().Sum(file => file.Length);
        return new CheckpointInfo(name, state.Step, state.Epoch, final, size, state.Metrics);
    }

    // Everything, or without the frozen parameters when the state says the base model provides them.
    private static IEnumerable<KeyValuePair<string, torch.Tensor>> StoredWeights(torch.nn.Module model, TrainerState state)
    {
        if (!state.FrozenWeightsOmitted) return model.state_dict();
        var frozen = model.named_parameters().Where(entry => !entry.parameter.requires_grad).Select(entry => entry.name).ToHashSet();
        return model.state_dict().Where(entry => !frozen.Contains(entry.Key));
    }

    // Deletes a checkpoint so that no reader sees it half-deleted: it is first renamed to a temporary name.
    public static void Delete(string checkpointDirectory)
    {
        var doomed = $"{checkpointDirectory}{CheckpointFiles.TemporaryMarker}deleting-{Guid.NewGuid().ToString("N")[..8]}";
        Directory.Move(checkpointDirectory, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    public static void WriteBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static void WriteState(string path, TrainerState state)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(stream, state, TrainerState.Json);
        stream.Flush(flushToDisk: true);
    }
}
