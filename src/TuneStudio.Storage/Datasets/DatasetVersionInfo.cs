namespace TuneStudio.Storage;

/// <summary>
/// One immutable version of a dataset. <paramref name="Columns"/> are the source file's columns; <paramref name="Labels"/>
/// are sorted ordinally; <paramref name="ContentHash"/> is the lower-case hex SHA-256 of the rows in order, each row
/// contributing its text then its label as an 8-byte little-endian UTF-8 byte length followed by the UTF-8 bytes.
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
    DateTime CreatedAt);
