using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class RowPagingTests
{
    private const int RowCount = 12_345;

    [Fact]
    public void Deep_pages_return_the_right_rows()
    {
        using var studio = new TemporaryStudio();
        var id = ImportNumberedRows(studio);

        var page = studio.Datasets.GetRows(id, 1, 12_000, 100);
        var lastPage = studio.Datasets.GetRows(id, 1, 12_300, 100);

        Assert.Equal(Enumerable.Range(12_000, 100).Select(Expected), page);
        Assert.Equal(Enumerable.Range(12_300, 45).Select(Expected), lastPage);
        Assert.Empty(studio.Datasets.GetRows(id, 1, RowCount, 10));
        Assert.Empty(studio.Datasets.GetRows(id, 1, 0, 0));
        Assert.Empty(studio.Datasets.GetRows(id, 2, 0, 10));
        Assert.Empty(studio.Datasets.GetRows("ds-missing", 1, 0, 10));
    }

    [Fact]
    public void All_rows_stream_in_order()
    {
        using var studio = new TemporaryStudio();
        var id = ImportNumberedRows(studio);

        var rows = studio.Datasets.ReadAllRows(id, 1).ToList();

        Assert.Equal(Enumerable.Range(0, RowCount).Select(Expected), rows);
    }

    [Fact]
    public void Rows_of_one_dataset_never_leak_into_another()
    {
        using var studio = new TemporaryStudio();
        var first = ImportNumberedRows(studio);
        var second = studio.Import("text,label\nonly,row\n", "b.csv").Dataset!.Id;

        Assert.Equal([new DatasetRow(0, "only", "row")], studio.Datasets.ReadAllRows(second, 1));
        Assert.Equal(RowCount, studio.Datasets.ReadAllRows(first, 1).Count());
    }

    private static DatasetRow Expected(int index) => new(index, $"row {index}", $"label{index % 3}");

    private static string ImportNumberedRows(TemporaryStudio studio)
    {
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < RowCount; i++) content.Append($"row {i},label{i % 3}\n");
        var result = studio.Import(content.ToString(), "numbered.csv");
        Assert.True(result.Succeeded);
        return result.Dataset!.Id;
    }
}
