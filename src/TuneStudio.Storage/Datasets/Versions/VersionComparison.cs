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

        long moved = 0;
        if (from.Split is not null || to.Split is not null)
            moved = CompareSplits(db, from, to, before, after, changes);

        var page = changes
            .OrderBy(c => c.ToIndex ?? c.FromIndex)
            .ThenBy(c => c.Kind)
            .Skip(skip)
            .Take(take)
            .ToList();
        return new DatasetDiff(from.DatasetId, from.Version, to.Version, added, unmatched.Count, changed,
            from.LabelCounts, to.LabelCounts, skip, take, page, moved, PartCounts(from.Split), PartCounts(to.Split));
    }

    // A split version shares every page with its parent, so the page skip above never sees a row move between parts:
    // with a split on either side, every row both versions hold is matched by id and its parts compared. Rows already
    // listed (changed) gain "split" among their fields; the others become Split changes. Returns those.
    private static long CompareSplits(StudioDatabase db, DatasetVersionInfo from, DatasetVersionInfo to, VersionRows before, VersionRows after, List<RowChange> changes)
    {
        var (partsBefore, partsAfter) = db.Read(database => (
            SplitStorage.Read(database, from.DatasetId, from.Version, from.Split?.Settings)?.Parts,
            SplitStorage.Read(database, to.DatasetId, to.Version, to.Split?.Settings)?.Parts));
        string? PartOf(IReadOnlyList<SplitPart>? parts, long index) => parts is null ? null : PartName(parts[(int)index]);

        var earlier = new Dictionary<long, (long Index, StoredRow Row)>();
        foreach (var (index, row) in before.All()) earlier[row.Id] = (index, row);
        var listed = new Dictionary<long, int>();
        for (var i = 0; i < changes.Count; i++) listed[changes[i].RowId] = i;

        long moved = 0;
        foreach (var (index, row) in after.All())
        {
            if (!earlier.TryGetValue(row.Id, out var old)) continue;
            var (was, now) = (PartOf(partsBefore, old.Index), PartOf(partsAfter, index));
            if (was == now) continue;
            if (listed.TryGetValue(row.Id, out var at))
            {
                changes[at] = changes[at] with { ChangedFields = [.. changes[at].ChangedFields, "split"], PartBefore = was, PartAfter = now };
                continue;
            }
            moved++;
            changes.Add(new RowChange(RowChangeKind.Split, row.Id, old.Index, index, Content(old.Row), Content(row), ["split"], was, now));
        }
        return moved;
    }

    public static string PartName(SplitPart part) => part.ToString().ToLowerInvariant();

    private static IReadOnlyDictionary<string, long> PartCounts(SplitSummary? split) => split is null
        ? new Dictionary<string, long>()
        : new Dictionary<string, long>
        {
            [PartName(SplitPart.Train)] = split.Train,
            [PartName(SplitPart.Validation)] = split.Validation,
            [PartName(SplitPart.Test)] = split.Test,
        };

    private static RowContent Content(StoredRow row) => new(row.Text, row.Label);

    private static List<string> ChangedFields(StoredRow before, StoredRow after)
    {
        var fields = new List<string>(2);
        if (!string.Equals(before.Text, after.Text, StringComparison.Ordinal)) fields.Add("text");
        if (!string.Equals(before.Label, after.Label, StringComparison.Ordinal)) fields.Add("label");
        return fields;
    }
}
