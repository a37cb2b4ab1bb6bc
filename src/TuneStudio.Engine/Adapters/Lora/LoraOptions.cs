namespace TuneStudio.Engine.Adapters.Lora;

// The options of LoRA and of the adapters built on it (DoRA reads the same ones).
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

    // LoRA+ (Hayou et al. 2024): the B matrices learn at this many times the rate of everything else in their group,
    // because with A and B at one rate B's updates are too small for wide layers. Null turns it off.
    public double? LoraPlusLrRatio { get; init; }
}

// Which biases LoRA trains besides its adapters (PEFT's "none", "all", "lora_only").
public enum LoraBias { None, All, LoraOnly }
