using System.Text.Json;
using System.Text.Json.Serialization;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Checkpoints;

// trainer_state.json: everything a checkpoint needs besides the tensors (weights, optimizer state, torch RNG state)
// to be understood, reloaded into the right model shape (config and labels), and continued exactly: the step, the
// position in the epoch (the epoch's data order is a pure function of seed and epoch), the guard's counters,
// early-stopping state and the data set it was trained on.
public sealed record TrainerState
{
    public const int CurrentFormatVersion = 2;

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

    // Optimizer steps done in Epoch; EpochCompleted once its validation ran.
    public int StepInEpoch { get; init; }
    public bool EpochCompleted { get; init; } = true;
    public long SkippedSteps { get; init; }
    public int ConsecutiveSkippedSteps { get; init; }
    public EarlyStoppingState? EarlyStopping { get; init; }
    public string? BestCheckpoint { get; init; }
    public IReadOnlyDictionary<string, double>? BestMetrics { get; init; }
    public string? DatasetVersion { get; init; }
    public string? DatasetHash { get; init; }

    // False for checkpoints that hold only weights (format 1, or a keep-best final export).
    public bool Resumable { get; init; }

    // True when model.safetensors holds only the trainable parameters (LoRA's adapters, head and trained biases): the
    // frozen ones are the base model's, Config.Model built after seeding with Seed (CheckpointModel.Load).
    public bool FrozenWeightsOmitted { get; init; }

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
