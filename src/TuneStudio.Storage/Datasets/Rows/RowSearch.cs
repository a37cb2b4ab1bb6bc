namespace TuneStudio.Storage;

/// <summary>The order of a rows listing: by position in the version (as stored), by text or by label.</summary>
public enum RowSort
{
    Position,
    Text,
    Label,
}

/// <summary>
/// Which rows of a version to list and in what order. <paramref name="Search"/> keeps the rows whose text or label
/// contains it, ignoring case (blank keeps every row). Text and label sort ignoring case, then by position, so the
/// order is the same on every call.
/// </summary>
public sealed record RowSearch(string? Search = null, RowSort Sort = RowSort.Position, bool Descending = false)
{
    public static RowSearch All { get; } = new();

    internal bool Filters => !string.IsNullOrEmpty(Search);

    internal bool Matches(DatasetRow row) =>
        !Filters || row.Text.Contains(Search!, StringComparison.OrdinalIgnoreCase) || row.Label.Contains(Search!, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A page of a rows listing and how many rows matched in all.</summary>
public sealed record RowsFound(long Total, IReadOnlyList<DatasetRow> Rows);

/// <summary>
/// Lists a version's rows filtered and sorted. In stored order only the page's rows are kept while the version
/// streams past; sorting by text or label keeps every matching row until the page is cut.
/// </summary>
internal static class RowListing
{
    public static RowsFound Find(IEnumerable<DatasetRow> rows, long rowCount, Func<long, int, IReadOnlyList<DatasetRow>> range, RowSearch search, int skip, int take)
    {
        if (search.Sort == RowSort.Position && !search.Filters)
        {
            if (!search.Descending) return new RowsFound(rowCount, range(skip, take));
            // Newest-last storage read backwards: the page is a plain range, reversed.
            var end = rowCount - skip;
            var start = Math.Max(0, end - take);
            return new RowsFound(rowCount, end <= 0 ? [] : range(start, (int)(end - start)).Reverse().ToList());
        }
        if (search.Sort == RowSort.Position && !search.Descending)
        {
            long matched = 0;
            var page = new List<DatasetRow>(take);
            foreach (var row in rows.Where(search.Matches))
            {
                if (matched >= skip && page.Count < take) page.Add(row);
                matched++;
            }
            return new RowsFound(matched, page);
        }

        var all = rows.Where(search.Matches).ToList();
        Comparison<DatasetRow> order = search.Sort switch
        {
            RowSort.Text => (a, b) => Then(string.Compare(a.Text, b.Text, StringComparison.OrdinalIgnoreCase), string.CompareOrdinal(a.Text, b.Text)),
            RowSort.Label => (a, b) => Then(string.Compare(a.Label, b.Label, StringComparison.OrdinalIgnoreCase), string.CompareOrdinal(a.Label, b.Label)),
            _ => (_, _) => 0,
        };
        // Ties keep stored order whichever way the sort runs, so paging never repeats or skips a row.
        all.Sort((a, b) => Then(search.Descending ? order(b, a) : order(a, b), search.Sort == RowSort.Position && search.Descending
            ? b.Index.CompareTo(a.Index)
            : a.Index.CompareTo(b.Index)));
        return new RowsFound(all.Count, all.Skip(skip).Take(take).ToList());
    }

    private static int Then(int first, int second) => first != 0 ? first : second;
}
