namespace TuneStudio.Storage.Tests.Datasets;

public class FirstNamesImportTests
{
    private static readonly string[] CsvLines = File.ReadAllLines(TestFiles.FirstNamesCsvPath());

    public static TheoryData<string, string> Files => new()
    {
        { "first-names.csv", string.Join("\n", CsvLines) + "\n" },
        { "first-names.tsv", string.Join("\r\n", CsvLines.Select(l => l.Replace(',', '\t'))) + "\r\n" },
        { "first-names.jsonl", string.Join("\n", CsvLines.Skip(1).Select(l => l.Split(',')).Select(f => TestFiles.JsonLine(f[0], f[1]))) },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Real_first_names_import_with_400_of_each_label(string fileName, string content)
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import(content, fileName, name: "First names");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var dataset = result.Dataset!;
        Assert.Equal(("First names", "text-classification", 1, 800L), (dataset.Name, dataset.Task, dataset.LatestVersion, dataset.Rows));
        Assert.Equal(["female", "male"], dataset.Labels);
        var version = studio.Datasets.GetVersion(dataset.Id, 1)!;
        Assert.Equal(400, version.LabelCounts["female"]);
        Assert.Equal(400, version.LabelCounts["male"]);
        Assert.Equal(fileName, version.SourceFileName);
        Assert.Equal(["text", "label"], version.Columns);
        var first = CsvLines[1].Split(',');
        Assert.Equal(new DatasetRow(0, first[0], first[1]), studio.Datasets.GetRows(dataset.Id, 1, 0, 1)[0]);
    }

    [Fact]
    public void The_same_rows_hash_the_same_in_every_format()
    {
        using var studio = new TemporaryStudio();

        var hashes = Files.Select(file =>
        {
            var result = studio.Import((string)file[1], (string)file[0]);
            return studio.Datasets.GetVersion(result.Dataset!.Id, 1)!.ContentHash;
        }).ToList();

        Assert.Equal(64, hashes[0].Length);
        Assert.All(hashes, hash => Assert.Equal(hashes[0], hash));
    }

    [Fact]
    public void Datasets_are_listed_newest_first()
    {
        using var studio = new TemporaryStudio();
        var names = new[] { "first", "second", "third" };

        foreach (var name in names) studio.Import("text,label\na,x\n", "a.csv", name: name);

        var listed = studio.Datasets.List();
        Assert.Equal(names.Reverse(), listed.Select(d => d.Name));
        TestFiles.AssertSameSummary(listed[0], studio.Datasets.Get(listed[0].Id));
        Assert.Matches("^ds-[0-9a-f]{8}$", listed[0].Id);
        Assert.Null(studio.Datasets.Get("ds-missing"));
        Assert.Null(studio.Datasets.GetVersion(listed[0].Id, 2));
    }

    [Fact]
    public void Peeking_reads_the_header_or_first_object_keys()
    {
        using var studio = new TemporaryStudio();
        Func<Stream> Open(string content) => () => new MemoryStream(TestFiles.Utf8(content));

        Assert.Equal(["id", "sentence", "my label"], studio.Datasets.PeekColumns(Open("id,sentence,\"my label\"\n1,a,b\n"), "x.csv"));
        Assert.Equal(["a", "b"], studio.Datasets.PeekColumns(Open("a\tb\n"), "x.tsv"));
        Assert.Equal(["review", "stars"], studio.Datasets.PeekColumns(Open("\n{\"review\":\"ok\",\"stars\":5}\nnot json"), "x.jsonl"));
        Assert.Empty(studio.Datasets.PeekColumns(Open(""), "x.csv"));
        Assert.Empty(studio.Datasets.PeekColumns(Open("not json"), "x.jsonl"));
        Assert.Empty(studio.Datasets.PeekColumns(Open("a,b"), "x.txt"));
    }
}
