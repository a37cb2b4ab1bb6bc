namespace TuneStudio.Engine;

public sealed record LoraOptions
{
    public int Rank { get; init; } = 8;
    public double Alpha { get; init; } = 16;
    public double Dropout { get; init; } = 0.0;

    // Names of linear layers to adapt, matched against the last segment of the module path:
    // "query", "key", "value", "output", "intermediate", "dense"...
    public IReadOnlyList<string> TargetModules { get; init; } = ["query", "value"];
}
