namespace TuneStudio.Storage.Audit;

/// <summary>One recorded change: who did what to which thing, when. Entries are only ever added.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime Time { get; set; }
    public string UserName { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string Detail { get; set; } = "";
}

/// <summary>What the audit page and the CSV export filter on; null means "any".</summary>
public sealed record AuditFilter(string? UserName = null, string? Action = null, DateTime? From = null, DateTime? To = null, int Limit = 1000);
