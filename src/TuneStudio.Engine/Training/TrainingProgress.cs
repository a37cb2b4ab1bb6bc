namespace TuneStudio.Engine.Training;

// Where a run stands, as plain values: what a checkpoint saves and a resume restores.
internal sealed record TrainingProgress
{
    public long Step { get; init; }
    public int Epoch { get; init; } = 1;          // the epoch in progress
    public int StepInEpoch { get; init; }         // optimizer steps done in it
    public long SkippedSteps { get; init; }
    public int ConsecutiveSkippedSteps { get; init; }
    public string? BestCheckpoint { get; init; }
    public IReadOnlyDictionary<string, double>? BestMetrics { get; init; }
}
