using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;

namespace TuneStudio.Engine.Tests.Support;

public static class CheckpointTestState
{
    public static TrainerState For(TrainingConfig config, IReadOnlyList<string>? labels = null) => new()
    {
        Step = 7,
        Epoch = 1,
        TotalSteps = 7,
        Seed = config.Seed,
        Labels = labels ?? ["female", "male"],
        Config = config,
        Metrics = new Dictionary<string, double> { ["val/accuracy"] = 0.5 },
        Optimizer = new OptimizerSummary("AdamW", config.LearningRate, config.WeightDecay, 0.9, 0.999, 1e-8),
        Schedule = new ScheduleSummary("linear-warmup-linear-decay", config.WarmupSteps, 7, 0),
    };
}
