using System.Text;
using Xunit.Abstractions;

namespace TuneStudio.Storage.Tests.Datasets.Versions;

public class VersionStorageTests(ITestOutputHelper output)
{
    private const int RowCount = 100_000;

    [Fact]
    public void A_version_changing_10_of_100000_rows_grows_the_file_by_under_5_percent_and_its_diff_shows_exactly_those_10()
    {
        using var studio = new TemporaryStudio();
        var emptySize = studio.FileSize();
        var padded = Enumerable.Range(0, 10).Select(i => i * 9_973 + 17).ToHashSet();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < RowCount; i++)
            content.Append(padded.Contains(i) ? $"\" example {i} \",label{i % 5}\n" : $"example {i} with some words,label{i % 5}\n");
        var id = studio.Import(content.ToString(), "big.csv").Dataset!.Id;
        var firstVersionSize = studio.FileSize() - emptySize;

        var result = studio.Datasets.ApplyOperation(id, 1, new TrimWhitespace());
        var growth = studio.FileSize() - emptySize - firstVersionSize;

        output.WriteLine($"version 1: {firstVersionSize:N0} bytes; version 2 (10 rows trimmed): {growth:N0} bytes");
        Assert.True(result.Succeeded);
        Assert.True(growth < firstVersionSize * 0.05, $"version 2 grew the file by {growth:N0} bytes; version 1 took {firstVersionSize:N0}");
        var diff = studio.Datasets.Diff(id, 1, 2, 0, 100)!;
        Assert.Equal((0, 0, 10), (diff.Added, diff.Removed, diff.Changed));
        Assert.Equal(padded.Order().Select(i => (long)i), diff.Changes.Select(c => c.ToIndex!.Value));
        Assert.All(diff.Changes, c => Assert.Equal(["text"], c.ChangedFields));
        Assert.Equal($"example {padded.Min()}", diff.Changes[0].After!.Text);
    }

    [Fact]
    public void Versions_record_parent_operation_author_and_time()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import("text,label\na,x\nb,y\n", "a.csv").Dataset!.Id;

        var v2 = studio.Datasets.ApplyOperation(id, 1, new RenameLabel("x", "z"), "ana").Version!;
        var versions = studio.Datasets.ListVersions(id);

        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Null(versions[0].ParentVersion);
        Assert.Equal("import", versions[0].Operation);
        Assert.Equal("anonymous", versions[0].CreatedBy);
        Assert.Equal(1, v2.ParentVersion);
        Assert.Equal("rename-label", v2.Operation);
        Assert.Equal(new Dictionary<string, string> { ["from"] = "x", ["to"] = "z" }, v2.OperationParameters);
        Assert.Equal("ana", v2.CreatedBy);
        Assert.True(v2.CreatedAt > versions[0].CreatedAt);
        Assert.Equal(2, studio.Datasets.Get(id)!.LatestVersion);
        Assert.Equal(["y", "z"], studio.Datasets.Get(id)!.Labels);
    }

    [Fact]
    public void Same_rows_have_the_same_content_hash_whatever_the_path()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import("text,label\n a ,x\nb,y\n", "a.csv").Dataset!.Id;
        var clean = studio.Import("text,label\na,x\nb,y\n", "b.csv").Dataset!.Id;

        var trimmed = studio.Datasets.ApplyOperation(id, 1, new TrimWhitespace()).Version!;

        Assert.Equal(studio.Datasets.GetVersion(clean, 1)!.ContentHash, trimmed.ContentHash);
        Assert.NotEqual(studio.Datasets.GetVersion(id, 1)!.ContentHash, trimmed.ContentHash);
    }

    [Fact]
    public void Diff_between_unrelated_operations_counts_added_removed_and_changed_rows_and_pages()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 3_000; i++) content.Append($"row {i},{(i % 3 == 0 ? "drop" : "keep")}\n");
        var id = studio.Import(content.ToString(), "a.csv").Dataset!.Id;
        studio.Datasets.ApplyOperation(id, 1, new DropRows("drop", null, null));
        studio.Datasets.ApplyOperation(id, 2, new FixRow(6, "fixed", null)); // row 6, at position 5

        var diff = studio.Datasets.Diff(id, 1, 3, skip: 980, take: 20)!;

        Assert.Equal((0, 1_000, 1), (diff.Added, diff.Removed, diff.Changed));
        Assert.Equal(20, diff.Changes.Count);
        Assert.Equal(1_000, diff.LabelsBefore["drop"]);
        Assert.False(diff.LabelsAfter.ContainsKey("drop"));
        var fixedRow = studio.Datasets.Diff(id, 2, 3)!.Changes.Single();
        Assert.Equal((RowChangeKind.Changed, 5L, "fixed"), (fixedRow.Kind, fixedRow.ToIndex!.Value, fixedRow.After!.Text));
        Assert.Equal("row 8", fixedRow.Before!.Text);
        Assert.Null(studio.Datasets.Diff(id, 1, 9));
    }

    [Fact]
    public void Rows_page_correctly_across_shared_pages_of_a_derived_version()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 5_000; i++) content.Append($"row {i},l{i % 2}\n");
        var id = studio.Import(content.ToString(), "a.csv").Dataset!.Id;
        studio.Datasets.ApplyOperation(id, 1, new DropRows(null, "row 1", null));

        var expected = Enumerable.Range(0, 5_000).Where(i => !$"row {i}".Contains("row 1")).ToList();
        var all = studio.Datasets.ReadAllRows(id, 2).ToList();
        var page = studio.Datasets.GetRows(id, 2, 1_000, 250);

        Assert.Equal(expected.Select(i => $"row {i}"), all.Select(r => r.Text));
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Select(r => r.Index));
        Assert.Equal(all.Skip(1_000).Take(250), page);
    }
}
