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
    // Image models: the side of the square input the model was trained at (its default resolution); 0 for text.
    public int ImageSize { get; init; }

    // Every task this model trains, Task first (WordPiece text models also tag tokens); filled in by the catalogue
    // from the task registry, so a record stays plain data.
    public IReadOnlyList<string> Tasks { get; init; } = [];
}
