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
    string Input);
