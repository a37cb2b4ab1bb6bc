namespace TuneStudio.Engine;

public sealed record MetricPoint(long Step, string Key, double Value, DateTimeOffset Time);
