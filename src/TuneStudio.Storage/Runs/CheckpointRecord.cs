namespace TuneStudio.Storage;

/// <summary>
/// A saved checkpoint of a run; its files live in <paramref name="Directory"/>. Times are UTC to the millisecond.
/// <paramref name="Metrics"/> keys are LiteDB document keys, which ignore case.
/// </summary>
public sealed record CheckpointRecord(
    string Id,
    string RunId,
    string Name,
    long Step,
    int Epoch,
    string Directory,
    long SizeBytes,
    Dictionary<string, double> Metrics,
    DateTime CreatedAt)
{
    // LiteDB builds records through a parameterless constructor and then sets the properties.
    private CheckpointRecord()
        : this("", "", "", 0, 0, "", 0, new Dictionary<string, double>(), default)
    {
    }
}
