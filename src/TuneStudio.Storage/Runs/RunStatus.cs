namespace TuneStudio.Storage;

/// <summary>A run's life: queued → running → completed, failed or cancelled; "interrupted" when the studio stopped mid-run.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    /// <summary>True for statuses a run never leaves on its own.</summary>
    public static bool IsTerminal(string s) => s is Completed or Failed or Cancelled or Interrupted;
}
