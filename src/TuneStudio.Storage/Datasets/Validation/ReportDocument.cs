namespace TuneStudio.Storage;

/// <summary>
/// A <see cref="ValidationReport"/> as LiteDB's mapper stores it: settable properties, no records. Example rows are
/// stored as 0-based positions (as versions have always stored them) and read back as 1-based row numbers.
/// </summary>
internal sealed class ReportDocument
{
    public List<WarningDocument> Warnings { get; set; } = [];
    public int MaxTextLength { get; set; } = ValidationReport.DefaultMaxTextLength;
    public int RareClassRows { get; set; } = ValidationReport.DefaultRareClassRows;
    public double ImbalanceRatio { get; set; } = 1;

    public static ReportDocument From(ValidationReport report) => new()
    {
        Warnings = report.Warnings.Select(w => new WarningDocument { Kind = w.Kind, Message = w.Message, Count = w.Count, Rows = w.Rows.Select(row => row - 1).ToList() }).ToList(),
        MaxTextLength = report.MaxTextLength,
        RareClassRows = report.RareClassRows,
        ImbalanceRatio = report.ImbalanceRatio,
    };

    public ValidationReport ToReport() => new(
        Warnings.Select(w => new DatasetWarning(w.Kind, w.Message, w.Count, w.Rows.Select(position => position + 1).ToList())).ToList(), MaxTextLength, RareClassRows, ImbalanceRatio);
}

internal sealed class WarningDocument
{
    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public long Count { get; set; }
    public List<long> Rows { get; set; } = [];
}
