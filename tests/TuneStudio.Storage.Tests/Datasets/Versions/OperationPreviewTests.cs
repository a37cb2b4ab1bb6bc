namespace TuneStudio.Storage.Tests.Datasets.Versions;

public sealed class OperationPreviewTests
{
    [Fact]
    public void A_preview_counts_the_rows_an_operation_drops_and_changes_and_stores_nothing()
    {
        using var studio = new TemporaryStudio();
        // Rows 0 and 3 are duplicates; row 1 has spaces to trim.
        var id = studio.Import("text,label\nAnn,female\n Bob ,male\nCy,male\nAnn,female\n", "names.csv").Dataset!.Id;
        var pagesBefore = studio.Count(CollectionNames.RowPages);

        var dropped = studio.Datasets.PreviewOperation(id, 1, new DropDuplicates()).Preview!;
        var trimmed = studio.Datasets.PreviewOperation(id, 1, new TrimWhitespace()).Preview!;
        var merged = studio.Datasets.PreviewOperation(id, 1, new MergeLabels(["female", "male"], "person")).Preview!;

        Assert.Equal((4L, 3L, 1L, 0L), (dropped.RowsBefore, dropped.RowsAfter, dropped.RowsDropped, dropped.RowsChanged));
        Assert.Equal((4L, 0L, 1L), (trimmed.RowsAfter, trimmed.RowsDropped, trimmed.RowsChanged));
        Assert.Equal(4, merged.RowsChanged);
        Assert.Equal(new Dictionary<string, long> { ["person"] = 4 }, merged.LabelCounts);
        Assert.Equal(1, studio.Datasets.Get(id)!.LatestVersion);
        Assert.Equal(1, studio.Count(CollectionNames.DatasetVersions));
        Assert.Equal(pagesBefore, studio.Count(CollectionNames.RowPages));
        Assert.Equal(0, studio.Count(CollectionNames.PendingImports));
    }

    [Fact]
    public void A_split_preview_gives_the_part_sizes_applying_it_makes()
    {
        using var studio = new TemporaryStudio();
        var csv = "text,label\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"t{i},{(i < 6 ? "a" : "b")}\n"));
        var id = studio.Import(csv, "ab.csv").Dataset!.Id;
        var settings = new SplitRows(SplitMethod.Stratified, 0.2, 0.2, 7);

        var preview = studio.Datasets.PreviewOperation(id, 1, settings).Preview!.Split!;
        var applied = studio.Datasets.ApplyOperation(id, 1, settings).Version!.Split!;

        // Stratified: a has 6 rows → round(1.2) = 1 test, 1 validation, 4 train; b has 4 → round(0.8) = 1, 1, 2.
        Assert.Equal((6L, 2L, 2L), (preview.Train, preview.Validation, preview.Test));
        Assert.Equal((applied.Train, applied.Validation, applied.Test), (preview.Train, preview.Validation, preview.Test));
    }

    [Fact]
    public void A_preview_is_refused_with_the_same_errors_as_applying()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import("text,label\nAnn,female\n", "names.csv").Dataset!.Id;

        var result = studio.Datasets.PreviewOperation(id, 1, new RenameLabel("nope", "x"));

        Assert.False(result.Succeeded);
        Assert.Null(result.Preview);
        Assert.NotEmpty(result.Errors);
    }
}
