using System.Text.Json;
using TorchSharp;

namespace TuneStudio.Engine.Checkpoints;

// Writes {root}/{name}/ with model.safetensors and trainer_state.json, atomically: everything goes into
// a temporary sibling directory first, is flushed to disk, and only then renamed into place, so a reader
// (or a crash) never sees a half-written checkpoint under its final name.
public static class CheckpointWriter
{
    public static CheckpointInfo Write(string root, string name, torch.nn.Module model, TrainerState state)
    {
        Directory.CreateDirectory(root);
        var final = Path.Combine(root, name);
        if (Directory.Exists(final))
            throw new IOException($"Checkpoint '{name}' already exists in {root}.");

        var temporary = Path.Combine(root, $"{name}{CheckpointFiles.TemporaryMarker}{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            Directory.CreateDirectory(temporary);
            Safetensors.Write(Path.Combine(temporary, CheckpointFiles.Weights), model.state_dict(),
                new Dictionary<string, string> { ["format"] = "pt", ["model"] = state.Config.Model, ["method"] = state.Config.Method.ToString().ToLowerInvariant() });
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

    private static void WriteState(string path, TrainerState state)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(stream, state, TrainerState.Json);
        stream.Flush(flushToDisk: true);
    }
}
