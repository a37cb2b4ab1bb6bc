using System.Text.Json;
using System.Text.Json.Serialization;

namespace TuneStudio.Engine.Checkpoints;

// trainer_state.json: everything a checkpoint needs besides the weights to be understood, reloaded
// into the right model shape (config and labels), and continued (step, epoch, seed, schedule).
public sealed record TrainerState
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required long Step { get; init; }
    public required int Epoch { get; init; }
    public required long TotalSteps { get; init; }
    public required int Seed { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required TrainingConfig Config { get; init; }
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    public required OptimizerSummary Optimizer { get; init; }
    public required ScheduleSummary Schedule { get; init; }
    public DateTimeOffset SavedAt { get; init; } = DateTimeOffset.UtcNow;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Metrics can legitimately be NaN (e.g. a loss that diverged); plain JSON has no literal for it.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

public sealed record OptimizerSummary(string Name, double LearningRate, double WeightDecay, double Beta1, double Beta2, double Epsilon);

public sealed record ScheduleSummary(string Name, int WarmupSteps, long TotalSteps, double LearningRateAtStep);
