namespace TuneStudio.Engine;

public sealed record ModelInfo(
    string Id,
    string Name,
    string Description,
    string Task,
    string Source,
    long ParameterCount,
    int MaxSequenceLength,
    IReadOnlyList<FineTuneMethod> Methods,
    string Licence,
    string Input)
{
    // How much of ParameterCount is the two-class head (the rest is the backbone every run starts from): a run's count
    // differs by its own head and by what its method adds, so the Models page shows both parts.
    public long HeadParameterCount { get; init; }

    public long BackboneParameterCount => ParameterCount - HeadParameterCount;

    // Image models: the side of the square input the model was trained at (its default resolution); 0 for text.
    public int ImageSize { get; init; }

    // Every task this model trains, Task first (WordPiece text models also tag tokens); filled in by the catalogue
    // from the task registry, so a record stays plain data.
    public IReadOnlyList<string> Tasks { get; init; } = [];
}
