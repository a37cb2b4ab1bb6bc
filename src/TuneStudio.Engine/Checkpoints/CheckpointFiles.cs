namespace TuneStudio.Engine.Checkpoints;

public static class CheckpointFiles
{
    public const string Weights = "model.safetensors";
    public const string State = "trainer_state.json";
    public const string OptimizerState = "optimizer.bin";
    public const string RandomState = "rng_state.bin";
    public const string TemporaryMarker = ".tmp-";

    public static string Name(int epoch, long step) => $"epoch-{epoch}-step-{step}";

    public static string BestName(int epoch, long step) => $"best-epoch-{epoch}-step-{step}";

    // Finished checkpoints under root, oldest step first; temporary (half-written or half-deleted) ones are not listed.
    public static IReadOnlyList<string> List(string root) =>
        !Directory.Exists(root)
            ? []
            : Directory.GetDirectories(root)
                .Where(directory => !Path.GetFileName(directory).Contains(TemporaryMarker, StringComparison.Ordinal)
                                    && File.Exists(Path.Combine(directory, State)))
                .Select(directory => (directory, state: CheckpointReader.ReadState(directory)))
                .OrderBy(entry => entry.state.Step).ThenBy(entry => entry.directory, StringComparer.Ordinal)
                .Select(entry => entry.directory)
                .ToList();
}
