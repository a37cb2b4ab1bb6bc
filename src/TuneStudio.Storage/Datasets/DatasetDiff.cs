namespace TuneStudio.Storage;

public enum RowChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>A row's text and label.</summary>
public sealed record RowContent(string Text, string Label);

/// <summary>
/// One row that differs between two versions, followed by its id. <paramref name="FromIndex"/> and
/// <paramref name="ToIndex"/> are its 0-based positions (null on the side it is missing from);
/// <paramref name="ChangedFields"/> lists "text" and/or "label" for a changed row.
/// </summary>
public sealed record RowChange(
    RowChangeKind Kind, long RowId, long? FromIndex, long? ToIndex, RowContent? Before, RowContent? After, IReadOnlyList<string> ChangedFields);

/// <summary>
/// The row-level difference between two versions of a dataset: counts of added, removed and changed rows, the label
/// distribution on each side, and one page of the changes in the order they appear (by position in
/// <paramref name="To"/>, removed rows by their position in <paramref name="From"/>).
/// </summary>
public sealed record DatasetDiff(
    string DatasetId,
    int From,
    int To,
    long Added,
    long Removed,
    long Changed,
    IReadOnlyDictionary<string, long> LabelsBefore,
    IReadOnlyDictionary<string, long> LabelsAfter,
    int Skip,
    int Take,
    IReadOnlyList<RowChange> Changes)
{
    public long TotalChanges => Added + Removed + Changed;
}
