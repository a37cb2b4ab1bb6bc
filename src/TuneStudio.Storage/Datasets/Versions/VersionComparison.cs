namespace TuneStudio.Storage;

/// <summary>
/// Compares two versions row by row, matching rows by id. Pages both versions list hold the same rows on both sides,
/// so only the other pages are read: comparing a version with a ten-row edit of it reads a few pages, not the dataset.
/// </summary>
internal static class VersionComparison
{
    public static DatasetDiff Compare(StudioDatabase db, DatasetVersionInfo from, DatasetVersionInfo to, int skip, int take)
    {
        var before = new VersionRows(db, from.DatasetId, from.Version);
        var after = new VersionRows(db, to.DatasetId, to.Version);
        var shared = before.Pages.Select(p => p.Hash).Intersect(after.Pages.Select(p => p.Hash), StringComparer.Ordinal)
            .ToHashSet(StringComparer.Ordinal);

        var unmatched = new Dictionary<long, (long Index, StoredRow Row)>();
        foreach (var (index, row) in before.OutsidePages(shared)) unmatched[row.Id] = (index, row);

        var changes = new List<RowChange>();
        long added = 0, changed = 0;
        foreach (var (index, row) in after.OutsidePages(shared))
        {
            if (!unmatched.Remove(row.Id, out var old))
            {
                added++;
                changes.Add(new RowChange(RowChangeKind.Added, row.Id, null, index, null, Content(row), []));
                continue;
            }
            var fields = ChangedFields(old.Row, row);
            if (fields.Count == 0) continue;
            changed++;
            changes.Add(new RowChange(RowChangeKind.Changed, row.Id, old.Index, index, Content(old.Row), Content(row), fields));
        }
        foreach (var (index, row) in unmatched.Values)
            changes.Add(new RowChange(RowChangeKind.Removed, row.Id, index, null, Content(row), null, []));

        var page = changes
            .OrderBy(c => c.ToIndex ?? c.FromIndex)
            .ThenBy(c => c.Kind)
            .Skip(skip)
            .Take(take)
            .ToList();
        return new DatasetDiff(from.DatasetId, from.Version, to.Version, added, unmatched.Count, changed,
            from.LabelCounts, to.LabelCounts, skip, take, page);
    }

    private static RowContent Content(StoredRow row) => new(row.Text, row.Label);

    private static List<string> ChangedFields(StoredRow before, StoredRow after)
    {
        var fields = new List<string>(2);
        if (!string.Equals(before.Text, after.Text, StringComparison.Ordinal)) fields.Add("text");
        if (!string.Equals(before.Label, after.Label, StringComparison.Ordinal)) fields.Add("label");
        return fields;
    }
}
