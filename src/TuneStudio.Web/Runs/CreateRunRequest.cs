namespace TuneStudio.Web.Runs;

// What a user asks for; missing fields take the engine's defaults. Names match the run dialog.
public sealed record CreateRunRequest
{
    public string? Name { get; init; }
    public string? DatasetId { get; init; }
    public int? DatasetVersion { get; init; }
    public string? Model { get; init; }
    public string? Method { get; init; }
    public double? LearningRate { get; init; }
    public int? BatchSize { get; init; }
    public int? Epochs { get; init; }
    public int? Seed { get; init; }
    public double? ValidationFraction { get; init; }
    public int? WarmupSteps { get; init; }
    public double? WeightDecay { get; init; }
    public double? GradientClipNorm { get; init; }
    public int? MaxSequenceLength { get; init; }
    public int? TrainableTopLayers { get; init; }
    public LoraRequest? Lora { get; init; }
}

public sealed record LoraRequest
{
    public int? Rank { get; init; }
    public double? Alpha { get; init; }
    public double? Dropout { get; init; }
    public IReadOnlyList<string>? TargetModules { get; init; }
}

public sealed record FieldError(string Field, string Message);
