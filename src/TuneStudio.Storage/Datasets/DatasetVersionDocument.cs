namespace TuneStudio.Storage;

/// <summary>A dataset version as stored, with _id "{datasetId}/v{version}". Never changed once inserted.</summary>
internal sealed class DatasetVersionDocument
{
    public string Id { get; set; } = "";
    public string DatasetId { get; set; } = "";
    public int Version { get; set; }
    public int? ParentVersion { get; set; }
    public string Operation { get; set; } = DatasetOperationNames.Import;
    // A list, not a dictionary: LiteDB's document keys ignore case.
    public List<OperationParameter> OperationParameters { get; set; } = [];
    public string CreatedBy { get; set; } = DatasetVersionInfo.Anonymous;
    public string SourceFileName { get; set; } = "";
    public string Format { get; set; } = "";
    public List<string> Columns { get; set; } = [];
    public string TextColumn { get; set; } = "";
    public string LabelColumn { get; set; } = "";
    // A list, not a dictionary: LiteDB's document keys ignore case, so "Spam" and "spam" would collide as keys.
    public List<LabelCount> LabelCounts { get; set; } = [];
    public long RowCount { get; set; }
    // The largest row id in the version, so an operation that adds rows can give them fresh ids.
    public long MaxRowId { get; set; }
    public string ContentHash { get; set; } = "";
    public ReportDocument Report { get; set; } = new();
    public SplitDocument? Split { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string KeyFor(string datasetId, int version) => $"{datasetId}/v{version}";

    public DatasetVersionInfo ToInfo() => new(
        DatasetId,
        Version,
        SourceFileName,
        Format,
        Columns.ToList(),
        LabelCounts.Select(c => c.Label).ToList(),
        LabelCounts.ToDictionary(c => c.Label, c => c.Count, StringComparer.Ordinal),
        RowCount,
        ContentHash,
        CreatedAt)
    {
        ParentVersion = ParentVersion,
        Operation = Operation,
        OperationParameters = OperationParameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
        CreatedBy = CreatedBy,
        Report = Report?.ToReport() ?? ValidationReport.Empty,
        Split = Split?.ToSummary(),
    };
}

internal sealed class LabelCount
{
    public string Label { get; set; } = "";
    public long Count { get; set; }
}

internal sealed class OperationParameter
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}
