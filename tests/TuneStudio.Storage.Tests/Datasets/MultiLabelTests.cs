namespace TuneStudio.Storage.Tests.Datasets;

public class MultiLabelTests
{
    private const string Content =
        "text,label\n" +
        "Election results are in,politics\n" +
        "The minister played golf,politics|sports\n" +
        "Cup final tonight,sports\n" +
        "Parliament debates the stadium budget,politics|sports|money\n";

    private static string Import(TemporaryStudio studio, string content = Content) =>
        studio.Datasets.Import(() => new MemoryStream(TestFiles.Utf8(content)), "news.csv", "news", DatasetTasks.MultiLabel, null).Dataset!.Id;

    [Fact]
    public void Each_label_of_a_row_is_counted_and_the_file_exports_byte_identical()
    {
        using var studio = new TemporaryStudio();
        var id = Import(studio);

        var version = studio.Datasets.GetVersion(id, 1)!;
        using var exported = new MemoryStream();
        studio.Datasets.Export(id, 1, null, exported);

        Assert.Equal(["money", "politics", "sports"], version.Labels);
        Assert.Equal(3, version.LabelCounts["politics"]);
        Assert.Equal(3, version.LabelCounts["sports"]);
        Assert.Equal(Content, System.Text.Encoding.UTF8.GetString(exported.ToArray()));
    }

    [Fact]
    public void Label_operations_work_on_each_label_of_a_row()
    {
        using var studio = new TemporaryStudio();
        var id = Import(studio);

        studio.Datasets.ApplyOperation(id, 1, new RenameLabel("sports", "sport"));
        studio.Datasets.ApplyOperation(id, 2, new MergeLabels(["politics", "money"], "public"));
        var dropped = studio.Datasets.ApplyOperation(id, 3, new DropRows("sport", null, null)).Version!;

        Assert.Equal(["politics", "politics|sport", "sport", "politics|sport|money"], studio.Datasets.ReadAllRows(id, 2).Select(r => r.Label));
        Assert.Equal(["public", "public|sport", "sport", "public|sport"], studio.Datasets.ReadAllRows(id, 3).Select(r => r.Label));
        Assert.Equal(1, dropped.RowCount);
    }

    [Theory]
    [InlineData("text,label\na,x||y\n")]
    [InlineData("text,label\na,x|\n")]
    [InlineData("text,label\na,|x\n")]
    public void An_empty_label_between_separators_is_refused_with_its_row(string content)
    {
        using var studio = new TemporaryStudio();

        var result = studio.Datasets.Import(() => new MemoryStream(TestFiles.Utf8(content)), "bad.csv", "bad", DatasetTasks.MultiLabel, null);

        var error = Assert.Single(result.Errors);
        Assert.Equal((1L, "label"), (error.Row, error.Field));
        Assert.Contains("empty one", error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }
}
