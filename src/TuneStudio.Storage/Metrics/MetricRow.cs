namespace TuneStudio.Storage;

/// <summary>One metric value at one training step, e.g. (120, "train/loss", 0.41, time). Time is UTC to the millisecond.</summary>
public sealed record MetricRow(long Step, string Key, double Value, DateTime Time);
