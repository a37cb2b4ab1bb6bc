namespace TuneStudio.Storage.Tests.Datasets;

public sealed class RowSearchTests
{
    // Positions 0..5; "ann" appears in rows 0 (Anna), 3 (Joanne) and 5 (label "annex").
    private const string Csv = "text,label\nAnna,female\nbob,male\nCarl,male\nJoanne,female\nalice,female\nZed,annex\n";

    private static (TemporaryStudio Studio, string Id) Imported()
    {
        var studio = new TemporaryStudio();
        return (studio, studio.Import(Csv, "names.csv").Dataset!.Id);
    }

    [Fact]
    public void Search_matches_text_or_label_ignoring_case_and_counts_every_match()
    {
        var (studio, id) = Imported();
        using var _ = studio;

        var found = studio.Datasets.FindRows(id, 1, new RowSearch("ANN"), skip: 0, take: 2)!;

        Assert.Equal(3, found.Total);
        Assert.Equal([0L, 3L], found.Rows.Select(r => r.Index));
        Assert.Equal([5L], studio.Datasets.FindRows(id, 1, new RowSearch("ANN"), skip: 2, take: 2)!.Rows.Select(r => r.Index));
    }

    [Fact]
    public void Sorting_by_text_ignores_case_and_keeps_each_rows_position()
    {
        var (studio, id) = Imported();
        using var _ = studio;

        var ascending = studio.Datasets.FindRows(id, 1, new RowSearch(Sort: RowSort.Text), 0, 10)!;
        var descending = studio.Datasets.FindRows(id, 1, new RowSearch(Sort: RowSort.Text, Descending: true), 0, 3)!;

        Assert.Equal(["alice", "Anna", "bob", "Carl", "Joanne", "Zed"], ascending.Rows.Select(r => r.Text));
        Assert.Equal([4L, 0L, 1L, 2L, 3L, 5L], ascending.Rows.Select(r => r.Index));
        Assert.Equal(["Zed", "Joanne", "Carl"], descending.Rows.Select(r => r.Text));
        Assert.Equal(6, descending.Total);
    }

    [Fact]
    public void Sorting_by_label_breaks_ties_by_position_and_pages_without_repeats()
    {
        var (studio, id) = Imported();
        using var _ = studio;

        var pages = Enumerable.Range(0, 3)
            .SelectMany(page => studio.Datasets.FindRows(id, 1, new RowSearch(Sort: RowSort.Label), page * 2, 2)!.Rows)
            .Select(r => r.Index)
            .ToList();

        // annex (5); female (0, 3, 4); male (1, 2).
        Assert.Equal([5L, 0L, 3L, 4L, 1L, 2L], pages);
    }

    [Fact]
    public void Position_descending_lists_the_last_rows_first_with_or_without_a_search()
    {
        var (studio, id) = Imported();
        using var _ = studio;

        Assert.Equal([5L, 4L], studio.Datasets.FindRows(id, 1, new RowSearch(Descending: true), 0, 2)!.Rows.Select(r => r.Index));
        Assert.Equal([1L, 0L], studio.Datasets.FindRows(id, 1, new RowSearch(Descending: true), 4, 5)!.Rows.Select(r => r.Index));
        Assert.Equal([5L, 3L, 0L], studio.Datasets.FindRows(id, 1, new RowSearch("ann", Descending: true), 0, 5)!.Rows.Select(r => r.Index));
        Assert.Null(studio.Datasets.FindRows(id, 9, RowSearch.All, 0, 5));
    }
}
