namespace TuneStudio.Engine;

public enum OptimizerKind { AdamW, Adam, Sgd }

// Every schedule warms up linearly first (WarmupSteps or WarmupRatio of the optimizer steps).
// Linear and Cosine decay to 0 at the last step; OneCycle rises from peak/25 and anneals to peak/10^4.
public enum ScheduleKind { Constant, Linear, Cosine, OneCycle }

public enum MetricMode { Min, Max }

// Float32 trains in float32 throughout. Bfloat16 runs forward and backward in bfloat16 while the optimizer updates
// float32 master weights, which checkpoints and evaluation use (Training/MixedPrecision).
public enum PrecisionKind { Float32, Bfloat16 }

public enum UnfreezeUnit { Steps, Epochs }

// Stop when the metric has not improved by more than MinDelta for Patience evaluations in a row.
// With it, KeepBest restores the best evaluation's weights at the end and writes them as the final checkpoint.
public sealed record EarlyStoppingOptions
{
    public bool Enabled { get; init; }
    public string Metric { get; init; } = "val/loss";
    public MetricMode Mode { get; init; } = MetricMode.Min;
    public int Patience { get; init; } = 2;
    public double MinDelta { get; init; }
    public bool KeepBest { get; init; } = true;
}

// When checkpoints are written and which survive. 0 for KeepLast means keep all. A finished run always writes
// a final checkpoint; keep-best forces one at each evaluation.
public sealed record CheckpointOptions
{
    public int EverySteps { get; init; }
    public bool EachEpoch { get; init; } = true;
    public int KeepLast { get; init; }
    public int KeepBest { get; init; }
    public string BestMetric { get; init; } = "val/loss";
    public MetricMode BestMode { get; init; } = MetricMode.Min;
}
