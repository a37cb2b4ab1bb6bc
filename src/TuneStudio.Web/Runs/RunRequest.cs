using TuneStudio.Engine;

namespace TuneStudio.Web.Runs;

// What a user asks for: which data, an optional fork point, and the engine's own TrainingConfig, whose field
// names the API and the run dialog share. Missing config fields keep the engine's defaults.
public sealed record RunRequest
{
    public string? Name { get; init; }
    public string? DatasetId { get; init; }
    public int? DatasetVersion { get; init; }
    // Fork: start from this checkpoint's weights (any run's) with a fresh optimizer at step 1.
    public string? ForkFromCheckpointId { get; init; }
    public TrainingConfig Config { get; init; } = new();
}

public sealed record FieldError(string Field, string Message);
