namespace TuneStudio.Storage;

/// <summary>
/// One immutable version of a dataset. <paramref name="Columns"/> are the source file's columns; <paramref name="Labels"/>
/// are sorted ordinally; <paramref name="ContentHash"/> is the lower-case hex SHA-256 of the rows in order, each row
/// contributing its text then its label as an 8-byte little-endian UTF-8 byte length followed by the UTF-8 bytes, and
/// for a version with a split, then its split (an 8-byte −1, a part byte per row, a fold byte per row with folds), so a
/// split version never shares its parent's identity.
/// Version 1 comes from an upload (<see cref="Operation"/> "import", no parent); every later version is an
/// operation applied to <see cref="ParentVersion"/>.
/// </summary>
public sealed record DatasetVersionInfo(
    string DatasetId,
    int Version,
    string SourceFileName,
    string Format,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, long> LabelCounts,
    long RowCount,
    string ContentHash,
    DateTime CreatedAt)
{
    /// <summary>Who made a version until the studio has accounts.</summary>
    public const string Anonymous = "anonymous";

    public int? ParentVersion { get; init; }

    public string Operation { get; init; } = DatasetOperationNames.Import;

    public IReadOnlyDictionary<string, string> OperationParameters { get; init; } = new Dictionary<string, string>();

    public string CreatedBy { get; init; } = Anonymous;

    /// <summary>Warnings found in this version's rows (duplicates, empty or long texts, label typos, rare classes, imbalance, leakage).</summary>
    public ValidationReport Report { get; init; } = ValidationReport.Empty;

    /// <summary>The version's train/validation/test split, when an operation made one; read the rows' parts with <see cref="DatasetStore.GetSplit"/>.</summary>
    public SplitSummary? Split { get; init; }
}
