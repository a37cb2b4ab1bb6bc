namespace TuneStudio.Storage.Tests.Datasets;

public class ColumnMappingTests
{
    [Fact]
    public void A_mapping_reads_differently_named_columns_and_ignores_the_rest()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("id,review,stars,notes\n1,Great film,5,\n2,Dull,1,seen twice\n", "reviews.csv", new ColumnMapping("review", "stars"));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(
            [new DatasetRow(0, "Great film", "5"), new DatasetRow(1, "Dull", "1")],
            studio.Datasets.GetRows(result.Dataset!.Id, 1, 0, 10));
        Assert.Equal(["id", "review", "stars", "notes"], studio.Datasets.GetVersion(result.Dataset.Id, 1)!.Columns);
    }

    [Fact]
    public void A_mapping_reads_json_lines_keys()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("{\"id\":1,\"review\":\"Great\",\"stars\":5}\n{\"review\":\"Dull\",\"stars\":\"1\"}\n", "r.jsonl", new ColumnMapping("review", "stars"));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal([new DatasetRow(0, "Great", "5"), new DatasetRow(1, "Dull", "1")], studio.Datasets.GetRows(result.Dataset!.Id, 1, 0, 10));
    }

    [Theory]
    [InlineData("a.csv", "review,stars\nok,5\n")]
    [InlineData("a.jsonl", "{\"review\":\"ok\",\"stars\":5}\n")]
    public void A_mapping_naming_a_missing_column_is_an_error_naming_it(string fileName, string content)
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import(content, fileName, new ColumnMapping("review", "rating"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((0L, "rating"), (error.Row, error.Field));
        Assert.Contains("'rating'", error.Message);
        Assert.Contains("'review', 'stars'", error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void Row_errors_name_the_mapped_column()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("review,stars\nok,\n", "a.csv", new ColumnMapping("review", "stars"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((1L, "stars"), (error.Row, error.Field));
    }

    [Fact]
    public void Text_and_label_must_be_different_columns()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("review,stars\nok,5\n", "a.csv", new ColumnMapping("review", "review"));

        Assert.Equal((0L, "file"), (Assert.Single(result.Errors).Row, result.Errors[0].Field));
    }
}
