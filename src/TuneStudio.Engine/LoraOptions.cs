namespace TuneStudio.Engine;

public sealed record LoraOptions
{
    public const string AllLinear = "all-linear";

    public int Rank { get; init; } = 8;
    public double Alpha { get; init; } = 16;
    public double Dropout { get; init; } = 0.0;

    // Which linear layers to adapt. A plain name matches the last segment of the module path
    // ("query", "key", "value", "output", "intermediate"); a name with '.', '*' or '?' is a glob over the whole path
    // ("encoder.layer.1.*"); "all-linear" adapts every Linear except the classifier head.
    public IReadOnlyList<string> TargetModules { get; init; } = ["query", "value"];

    public LoraBias Bias { get; init; } = LoraBias.None;

    // rsLoRA: scale by alpha/sqrt(r) instead of alpha/r, so higher ranks do not learn slower.
    public bool UseRsLora { get; init; }
}
