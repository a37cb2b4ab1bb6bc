using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Web.Components.Pages.Runs;

// TrainingConfig is immutable; the run dialog binds to this mutable copy of it, one property per field,
// and turns it back into a TrainingConfig for the server to judge.
public sealed class RunConfigModel
{
    public string Model { get; set; } = "";
    public FineTuneMethod Method { get; set; }
    public double LearningRate { get; set; }
    public int BatchSize { get; set; }
    public int Epochs { get; set; }
    public int Seed { get; set; }
    public double ValidationFraction { get; set; }
    public double WeightDecay { get; set; }
    public double GradientClipNorm { get; set; }
    public int MaxSequenceLength { get; set; }
    public int? ImageSize { get; set; }
    public int LoraRank { get; set; }
    public double LoraAlpha { get; set; }
    public double LoraDropout { get; set; }
    public string LoraTargets { get; set; } = "";
    public LoraBias LoraBias { get; set; }
    public bool UseRsLora { get; set; }
    public double? LoraPlusLrRatio { get; set; }
    public string Ia3Targets { get; set; } = "";
    public string Ia3FeedforwardModules { get; set; } = "";
    public int TrainableTopLayers { get; set; }
    public string FrozenParameterPatterns { get; set; } = "";
    public int UnfreezeEvery { get; set; }
    public UnfreezeUnit UnfreezeUnit { get; set; }
    public OptimizerKind Optimizer { get; set; }
    public double Beta1 { get; set; }
    public double Beta2 { get; set; }
    public double Epsilon { get; set; }
    public double Momentum { get; set; }
    public bool Nesterov { get; set; }
    public double LayerwiseLrDecay { get; set; }
    public double? HeadLearningRate { get; set; }
    public ScheduleKind Schedule { get; set; }
    public int WarmupSteps { get; set; }
    public double WarmupRatio { get; set; }
    public int GradientAccumulationSteps { get; set; }
    public double LabelSmoothing { get; set; }
    public double? DropoutOverride { get; set; }
    public PrecisionKind Precision { get; set; }
    public bool GradientCheckpointing { get; set; }
    public int MaxConsecutiveSkippedSteps { get; set; }
    public bool EarlyStoppingEnabled { get; set; }
    public string EarlyStoppingMetric { get; set; } = "";
    public MetricMode EarlyStoppingMode { get; set; }
    public int EarlyStoppingPatience { get; set; }
    public double EarlyStoppingMinDelta { get; set; }
    public bool EarlyStoppingKeepBest { get; set; }
    public int CheckpointEverySteps { get; set; }
    public bool CheckpointEachEpoch { get; set; }
    public int CheckpointKeepLast { get; set; }
    public int CheckpointKeepBest { get; set; }
    public string CheckpointBestMetric { get; set; } = "";
    public MetricMode CheckpointBestMode { get; set; }
    public AugmentationModel Augmentation { get; set; } = new();

    public static RunConfigModel From(TrainingConfig c) => new()
    {
        Model = c.Model, Method = c.Method, LearningRate = c.LearningRate, BatchSize = c.BatchSize, Epochs = c.Epochs,
        Seed = c.Seed, ValidationFraction = c.ValidationFraction, WeightDecay = c.WeightDecay, GradientClipNorm = c.GradientClipNorm,
        MaxSequenceLength = c.MaxSequenceLength, ImageSize = c.ImageSize,
        LoraRank = c.Lora.Rank, LoraAlpha = c.Lora.Alpha, LoraDropout = c.Lora.Dropout, LoraTargets = string.Join(", ", c.Lora.TargetModules),
        LoraBias = c.Lora.Bias, UseRsLora = c.Lora.UseRsLora, LoraPlusLrRatio = c.Lora.LoraPlusLrRatio,
        Ia3Targets = string.Join(", ", c.Ia3.TargetModules), Ia3FeedforwardModules = string.Join(", ", c.Ia3.FeedforwardModules),
        TrainableTopLayers = c.TrainableTopLayers, FrozenParameterPatterns = string.Join(", ", c.FrozenParameterPatterns),
        UnfreezeEvery = c.UnfreezeEvery, UnfreezeUnit = c.UnfreezeUnit,
        Optimizer = c.Optimizer, Beta1 = c.Beta1, Beta2 = c.Beta2, Epsilon = c.Epsilon, Momentum = c.Momentum, Nesterov = c.Nesterov,
        LayerwiseLrDecay = c.LayerwiseLrDecay, HeadLearningRate = c.HeadLearningRate,
        Schedule = c.Schedule, WarmupSteps = c.WarmupSteps, WarmupRatio = c.WarmupRatio,
        GradientAccumulationSteps = c.GradientAccumulationSteps, LabelSmoothing = c.LabelSmoothing, DropoutOverride = c.DropoutOverride,
        Precision = c.Precision, GradientCheckpointing = c.GradientCheckpointing, MaxConsecutiveSkippedSteps = c.MaxConsecutiveSkippedSteps,
        EarlyStoppingEnabled = c.EarlyStopping.Enabled, EarlyStoppingMetric = c.EarlyStopping.Metric, EarlyStoppingMode = c.EarlyStopping.Mode,
        EarlyStoppingPatience = c.EarlyStopping.Patience, EarlyStoppingMinDelta = c.EarlyStopping.MinDelta, EarlyStoppingKeepBest = c.EarlyStopping.KeepBest,
        CheckpointEverySteps = c.Checkpoints.EverySteps, CheckpointEachEpoch = c.Checkpoints.EachEpoch, CheckpointKeepLast = c.Checkpoints.KeepLast,
        CheckpointKeepBest = c.Checkpoints.KeepBest, CheckpointBestMetric = c.Checkpoints.BestMetric, CheckpointBestMode = c.Checkpoints.BestMode,
        Augmentation = AugmentationModel.From(c.Augmentation),
    };

    public TrainingConfig ToConfig() => new()
    {
        Model = Model, Method = Method, LearningRate = LearningRate, BatchSize = BatchSize, Epochs = Epochs, Seed = Seed,
        ValidationFraction = ValidationFraction, WeightDecay = WeightDecay, GradientClipNorm = GradientClipNorm, MaxSequenceLength = MaxSequenceLength,
        ImageSize = ImageSize,
        Lora = new LoraOptions
        {
            Rank = LoraRank, Alpha = LoraAlpha, Dropout = LoraDropout, TargetModules = List(LoraTargets), Bias = LoraBias, UseRsLora = UseRsLora,
            LoraPlusLrRatio = LoraPlusLrRatio,
        },
        Ia3 = new Ia3Options { TargetModules = List(Ia3Targets), FeedforwardModules = List(Ia3FeedforwardModules) },
        TrainableTopLayers = TrainableTopLayers, FrozenParameterPatterns = List(FrozenParameterPatterns),
        UnfreezeEvery = UnfreezeEvery, UnfreezeUnit = UnfreezeUnit,
        Optimizer = Optimizer, Beta1 = Beta1, Beta2 = Beta2, Epsilon = Epsilon, Momentum = Momentum, Nesterov = Nesterov,
        LayerwiseLrDecay = LayerwiseLrDecay, HeadLearningRate = HeadLearningRate,
        Schedule = Schedule, WarmupSteps = WarmupSteps, WarmupRatio = WarmupRatio,
        GradientAccumulationSteps = GradientAccumulationSteps, LabelSmoothing = LabelSmoothing, DropoutOverride = DropoutOverride,
        Precision = Precision, GradientCheckpointing = GradientCheckpointing, MaxConsecutiveSkippedSteps = MaxConsecutiveSkippedSteps,
        EarlyStopping = new EarlyStoppingOptions
        {
            Enabled = EarlyStoppingEnabled, Metric = EarlyStoppingMetric, Mode = EarlyStoppingMode, Patience = EarlyStoppingPatience,
            MinDelta = EarlyStoppingMinDelta, KeepBest = EarlyStoppingKeepBest,
        },
        Checkpoints = new CheckpointOptions
        {
            EverySteps = CheckpointEverySteps, EachEpoch = CheckpointEachEpoch, KeepLast = CheckpointKeepLast, KeepBest = CheckpointKeepBest,
            BestMetric = CheckpointBestMetric, BestMode = CheckpointBestMode,
        },
        Augmentation = Augmentation.ToOptions(),
    };

    private static IReadOnlyList<string> List(string commaSeparated) =>
        commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
