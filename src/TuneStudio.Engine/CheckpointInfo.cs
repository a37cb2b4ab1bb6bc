namespace TuneStudio.Engine;

public sealed record CheckpointInfo(
    string Name,
    long Step,
    int Epoch,
    string Directory,
    long SizeBytes,
    IReadOnlyDictionary<string, double> Metrics);
