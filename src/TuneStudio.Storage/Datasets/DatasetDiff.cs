namespace TuneStudio.Storage;

public enum RowChangeKind
{
    Added,
    Removed,
    Changed,
    /// <summary>Same text and label, another split part (or in a split on one side only).</summary>
    Split,
}

/// <summary>A row's text and label.</summary>
public sealed record RowContent(string Text, string Label);

/// <summary>
/// One row that differs between two versions, followed by its id. <paramref name="FromIndex"/> and
/// <paramref name="ToIndex"/> are its 0-based positions (null on the side it is missing from);
/// <paramref name="ChangedFields"/> lists "text", "label" and/or "split" for a changed row (a row whose only change is
/// its split part is a <see cref="RowChangeKind.Split"/> change). <paramref name="PartBefore"/> and
/// <paramref name="PartAfter"/> are its split part on each side ("train", "validation", "test"; null: no split there),
/// set whenever either version has a split.
/// </summary>
public sealed record RowChange(
    RowChangeKind Kind, long RowId, long? FromIndex, long? ToIndex, RowContent? Before, RowContent? After, IReadOnlyList<string> ChangedFields,
    string? PartBefore = null, string? PartAfter = null);

/// <summary>
/// The row-level difference between two versions of a dataset: counts of added, removed and changed rows, the label
/// distribution on each side, and one page of the changes in the order they appear (by position in
/// <paramref name="To"/>, removed rows by their position in <paramref name="From"/>). <paramref name="SplitChanged"/>
/// counts rows both versions hold whose only change is their split part (a changed row that also moved is counted as
/// changed, with "split" among its fields);
/// <paramref name="PartsBefore"/>/<paramref name="PartsAfter"/> the rows in each part (empty without a split).
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
    IReadOnlyList<RowChange> Changes,
    long SplitChanged = 0,
    IReadOnlyDictionary<string, long>? PartsBefore = null,
    IReadOnlyDictionary<string, long>? PartsAfter = null)
{
    public long TotalChanges => Added + Removed + Changed + SplitChanged;
}
