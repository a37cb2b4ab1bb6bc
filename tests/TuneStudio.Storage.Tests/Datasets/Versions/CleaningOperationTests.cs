namespace TuneStudio.Storage.Tests.Datasets.Versions;

public class CleaningOperationTests
{
    // Row 5 and 6 are the same text spelled in NFD and NFC; rows 0 and 3 are duplicates.
    private const string Content =
        "text,label\n" +
        "good,pos\n" +
        "\"  padded  \",pos\n" +
        "\"   \",neg\n" +
        "good,pos\n" +
        "bad movie,Neg\n" +
        "cafe\u0301,neg\n" +
        "caf\u00e9,neg\n";

    public static TheoryData<DatasetOperation, string[]> Operations() => new()
    {
        { new TrimWhitespace(), ["changed 1 text", "changed 2 text"] },
        { new NormalizeUnicode(), ["changed 5 text"] },
        { new DropDuplicates(), ["removed 3"] },
        { new DropEmpty(), ["removed 2"] },
        { new MergeLabels(["neg", "Neg"], "negative"), ["changed 2 label", "changed 4 label", "changed 5 label", "changed 6 label"] },
        { new RenameLabel("Neg", "negative"), ["changed 4 label"] },
        { new DropRows("pos", null, null), ["removed 0", "removed 1", "removed 3"] },
        { new DropRows(null, "movie", null), ["removed 4"] },
        { new DropRows(null, null, "^caf"), ["removed 5", "removed 6"] },
        { new FixRow(5, "bad film", "neg"), ["changed 4 text,label"] }, // row 5 (1-based) is at position 4
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Each_operation_makes_a_new_version_leaves_the_old_one_untouched_and_shows_in_the_diff(DatasetOperation operation, string[] expectedChanges)
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import(Content, "reviews.csv").Dataset!.Id;
        var before = studio.Datasets.GetVersion(id, 1)!;
        var rowsBefore = studio.Datasets.ReadAllRows(id, 1).ToList();

        var result = studio.Datasets.ApplyOperation(id, 1, operation);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Version!.Version);
        Assert.Equal(operation.Name, result.Version.Operation);
        Assert.NotEqual(before.ContentHash, result.Version.ContentHash);
        var after = studio.Datasets.GetVersion(id, 1)!;
        Assert.Equal((before.ContentHash, before.RowCount, before.CreatedAt), (after.ContentHash, after.RowCount, after.CreatedAt));
        Assert.Equal(rowsBefore, studio.Datasets.ReadAllRows(id, 1));
        var diff = studio.Datasets.Diff(id, 1, 2)!;
        Assert.Equal(expectedChanges, diff.Changes.Select(Describe));
        Assert.Equal(result.Version.RowCount, studio.Datasets.ReadAllRows(id, 2).Count());
    }

    [Fact]
    public void Trim_normalise_and_fix_give_the_expected_rows()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import(Content, "reviews.csv").Dataset!.Id;

        studio.Datasets.ApplyOperation(id, 1, new NormalizeUnicode());
        studio.Datasets.ApplyOperation(id, 2, new DropDuplicates());

        Assert.Equal(["good", "  padded  ", "   ", "bad movie", "caf\u00e9"], studio.Datasets.ReadAllRows(id, 3).Select(r => r.Text));
    }

    public static TheoryData<DatasetOperation, string> BadRequests() => new()
    {
        { new RenameLabel("missing", "x"), "from" },
        { new RenameLabel("pos", "neg"), "to" },
        { new RenameLabel("pos", " "), "to" },
        { new MergeLabels([], "x"), "labels" },
        { new MergeLabels(["nope"], "x"), "labels" },
        { new MergeLabels(["pos"], ""), "into" },
        { new DropRows(null, null, null), "filter" },
        { new DropRows("pos", "a", null), "filter" },
        { new DropRows(null, null, "(unclosed"), "regex" },
        { new DropRows(null, "", null), "textContains" },
        { new FixRow(8, "x", null), "row" }, // rows are 1 to 7
        { new FixRow(0, "x", null), "row" },
        { new FixRow(1, null, null), "text" },
        { new FixRow(1, null, "  "), "label" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_bad_operation_is_refused_naming_the_field_and_stores_nothing(DatasetOperation operation, string field)
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import(Content, "reviews.csv").Dataset!.Id;
        var pages = studio.Count(CollectionNames.RowPages);

        var result = studio.Datasets.ApplyOperation(id, 1, operation);

        Assert.False(result.Succeeded);
        Assert.Contains(field, result.Errors.Select(e => e.Field));
        Assert.Single(studio.Datasets.ListVersions(id));
        Assert.Equal(pages, studio.Count(CollectionNames.RowPages));
    }

    [Fact]
    public void A_missing_base_version_is_refused_by_field()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import(Content, "reviews.csv").Dataset!.Id;

        Assert.Equal("baseVersion", studio.Datasets.ApplyOperation(id, 4, new TrimWhitespace()).Errors.Single().Field);
        Assert.Equal("datasetId", studio.Datasets.ApplyOperation("ds-none", 1, new TrimWhitespace()).Errors.Single().Field);
    }

    [Fact]
    public void A_cancelled_operation_stores_nothing()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import(Content, "reviews.csv").Dataset!.Id;
        var pages = studio.Count(CollectionNames.RowPages);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            studio.Datasets.ApplyOperation(id, 1, new TrimWhitespace(), cancellationToken: cancellation.Token));

        Assert.Single(studio.Datasets.ListVersions(id));
        Assert.Equal(pages, studio.Count(CollectionNames.RowPages));
        Assert.Equal(0, studio.Count(CollectionNames.PendingImports));
        Assert.Equal(1, studio.Datasets.Get(id)!.LatestVersion);
    }

    private static string Describe(RowChange change) => change.Kind switch
    {
        RowChangeKind.Changed => $"changed {change.FromIndex} {string.Join(",", change.ChangedFields)}",
        RowChangeKind.Removed => $"removed {change.FromIndex}",
        _ => $"added {change.ToIndex}",
    };
}
