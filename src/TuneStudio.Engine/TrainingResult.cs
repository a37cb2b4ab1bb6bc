namespace TuneStudio.Engine;

public enum TrainingOutcome { Completed, Cancelled, Failed }

public sealed record TrainingResult(
    TrainingOutcome Outcome,
    string? FailureReason,
    long Steps,
    IReadOnlyDictionary<string, double> FinalMetrics);
