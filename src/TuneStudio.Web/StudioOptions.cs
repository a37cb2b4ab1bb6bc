namespace TuneStudio.Web;

// Bound from the "TuneStudio" configuration section (appsettings, TUNESTUDIO__* variables or --TuneStudio:Key=value).
public sealed class StudioOptions
{
    public const string Section = "TuneStudio";

    public string DataPath { get; set; } = "data";
    public int Port { get; set; } = 5080;
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    // Live charts redraw at most this often; SignalR clients get batches at this pace too.
    public int LiveUpdateIntervalMs { get; set; } = 200;

    // Finished runs whose metric logs stay in memory for fast late joiners; older ones are read from LiteDB.
    public int FinishedRunsKeptInMemory { get; set; } = 8;

    // "TuneStudio:Quotas": what one user may hold at once, so one cannot crowd out the rest.
    public QuotaOptions Quotas { get; set; } = new();
}

public sealed class QuotaOptions
{
    public int QueuedRunsPerUser { get; set; } = 20;
    // The newest checkpoints a run keeps (besides its best ones): a run asking to keep all (keepLast 0) keeps this many.
    public int CheckpointsPerRun { get; set; } = 20;
}
