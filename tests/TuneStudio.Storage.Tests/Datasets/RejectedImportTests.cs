using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class RejectedImportTests
{
    private sealed record BadUpload(string FileName, byte[] Content, long Row, string Field, string MessagePart);

    private static readonly Dictionary<string, BadUpload> BadUploads = new()
    {
        ["ragged row"] = new("a.csv", TestFiles.Utf8("text,label\nhello,x\nb,y,z\n"), 2, "file", "row has 3 fields, header has 2"),
        ["ragged tsv row"] = new("a.tsv", TestFiles.Utf8("text\tlabel\nonly-one-field\n"), 1, "file", "row has 1 field, header has 2"),
        ["missing text column"] = new("a.csv", TestFiles.Utf8("sentence,label\nhello,x\n"), 0, "file", "no 'text' column"),
        ["missing text value"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":\"x\"}\n{\"label\":\"y\"}\n"), 2, "text", "'text' key is missing"),
        ["empty text"] = new("a.csv", TestFiles.Utf8("text,label\n,x\n"), 1, "text", "empty"),
        ["empty label"] = new("a.csv", TestFiles.Utf8("text,label\nhello,x\nworld,\n"), 2, "label", "empty"),
        ["empty quoted label"] = new("a.csv", TestFiles.Utf8("text,label\nhello,\"\"\n"), 1, "label", "empty"),
        ["empty json label"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":\"\"}\n"), 1, "label", "empty"),
        // "text,label\n" is 11 bytes and "a,x\n" 4, so row 2 starts at byte 15 and its 0xFF is at 16.
        ["invalid UTF-8"] = new("a.csv", [.. TestFiles.Utf8("text,label\na,x\nb"), 0xFF, .. TestFiles.Utf8(",y\n")], 2, "text", "byte offset 16"),
        ["truncated UTF-8 before a delimiter"] = new("a.csv", [.. TestFiles.Utf8("text,label\nb"), 0xC3, .. TestFiles.Utf8(",y\n")], 1, "text", "byte offset 12"),
        ["invalid UTF-8 in JSON"] = new("a.jsonl", [.. TestFiles.Utf8("{\"text\":\"b"), 0xC0, 0xAF, .. TestFiles.Utf8("\",\"label\":\"y\"}\n")], 1, "file", "byte offset 10"),
        ["unknown column"] = new("a.csv", TestFiles.Utf8("text,label,source\nhello,x,web\n"), 0, "source", "unknown column 'source'"),
        ["unknown json key"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"y\",\"id\":7}\n"), 2, "id", "unknown column 'id'"),
        ["empty file"] = new("a.csv", [], 0, "file", "The file is empty"),
        ["only a BOM and blank lines"] = new("a.csv", [0xEF, 0xBB, 0xBF, (byte)'\n', (byte)'\n'], 0, "file", "The file is empty"),
        ["empty json file"] = new("a.jsonl", TestFiles.Utf8("\n  \n"), 0, "file", "The file is empty"),
        ["header without rows"] = new("a.csv", TestFiles.Utf8("text,label\n\n"), 0, "file", "The file has a header but no rows"),
        ["bad JSON line"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\": \"b\", \n"), 2, "file", "not valid JSON"),
        ["JSON line that is not an object"] = new("a.jsonl", TestFiles.Utf8("[\"a\",\"x\"]\n"), 1, "file", "not a JSON object"),
        ["boolean label"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":true}\n"), 1, "label", "must be a string or a number"),
        ["number text"] = new("a.jsonl", TestFiles.Utf8("{\"text\":5,\"label\":\"x\"}\n"), 1, "text", "must be a string"),
        ["unterminated quote"] = new("a.csv", TestFiles.Utf8("text,label\na,x\n\"never closed,y\nmore,z\n"), 2, "file", "never closed"),
        ["text after a closing quote"] = new("a.csv", TestFiles.Utf8("text,label\n\"a\"b,x\n"), 1, "file", "after a closing quote"),
        ["unsupported extension"] = new("a.xlsx", TestFiles.Utf8("text,label\na,x\n"), 0, "file", "not a supported file type"),
        ["escaped lone surrogate"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"\\ud800\",\"label\":\"x\"}\n"), 1, "text", "not valid Unicode"),
        ["duplicate column"] = new("a.csv", TestFiles.Utf8("text,label,label\na,x,y\n"), 0, "label", "appears 2 times"),
    };

    [Theory]
    [InlineData("ragged row")]
    [InlineData("ragged tsv row")]
    [InlineData("missing text column")]
    [InlineData("missing text value")]
    [InlineData("empty text")]
    [InlineData("empty label")]
    [InlineData("empty quoted label")]
    [InlineData("empty json label")]
    [InlineData("invalid UTF-8")]
    [InlineData("truncated UTF-8 before a delimiter")]
    [InlineData("invalid UTF-8 in JSON")]
    [InlineData("unknown column")]
    [InlineData("unknown json key")]
    [InlineData("empty file")]
    [InlineData("only a BOM and blank lines")]
    [InlineData("empty json file")]
    [InlineData("header without rows")]
    [InlineData("bad JSON line")]
    [InlineData("JSON line that is not an object")]
    [InlineData("boolean label")]
    [InlineData("number text")]
    [InlineData("unterminated quote")]
    [InlineData("text after a closing quote")]
    [InlineData("unsupported extension")]
    [InlineData("escaped lone surrogate")]
    [InlineData("duplicate column")]
    public void Rejected_upload_stores_nothing(string upload)
    {
        var bad = BadUploads[upload];
        using var studio = new TemporaryStudio();

        var result = studio.Import(bad.Content, bad.FileName);

        Assert.False(result.Succeeded);
        Assert.Null(result.Dataset);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, result.TotalErrorCount);
        Assert.Equal((bad.Row, bad.Field), (error.Row, error.Field));
        Assert.Contains(bad.MessagePart, error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
        Assert.Empty(studio.Datasets.List());
    }

    [Fact]
    public void Missing_columns_are_named_with_the_columns_the_file_has()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("sentence,category\nhello,x\n", "a.csv");

        Assert.Equal(2, result.TotalErrorCount);
        Assert.All(result.Errors, e => Assert.Equal((0L, "file"), (e.Row, e.Field)));
        Assert.Contains("'text'", result.Errors[0].Message);
        Assert.Contains("'label'", result.Errors[1].Message);
        Assert.Contains("'sentence', 'category'", result.Errors[0].Message);
        Assert.Equal(["sentence", "category"], result.Columns);
    }

    [Fact]
    public void Every_extra_column_is_reported_without_a_mapping()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("id,text,label,source\n1,hello,x,web\n", "a.csv");

        Assert.Equal(["id", "source"], result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(0, e.Row));
        Assert.All(result.Errors, e => Assert.Contains("map", e.Message));
    }

    [Fact]
    public void Errors_are_capped_at_100_with_the_full_count()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 1; i <= 300; i++) content.Append(i % 6 == 0 ? $"good {i},x\n" : $"bad {i},\n");

        var result = studio.Import(content.ToString(), "many-errors.csv");

        Assert.Equal(DatasetStore.MaxReportedErrors, result.Errors.Count);
        Assert.Equal(250, result.TotalErrorCount);
        Assert.Equal(1, result.Errors[0].Row);
        Assert.All(result.Errors, e => Assert.Equal("label", e.Field));
        Assert.Equal(Enumerable.Range(1, 300).Where(i => i % 6 != 0).Take(100).Select(i => (long)i), result.Errors.Select(e => e.Row));
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void Every_bad_row_is_reported_in_one_pass()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("text,label\n,x\nfine,y\nthree,fields,here\nno label,\n", "a.csv");

        Assert.Equal([(1L, "text"), (3L, "file"), (4L, "label")], result.Errors.Select(e => (e.Row, e.Field)));
    }

    [Fact]
    public void Blank_lines_are_skipped_but_keep_row_numbers_matching_the_file()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("text,label\na,x\n\nb,\n", "a.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_dataset_needs_a_name(string name)
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("text,label\na,x\n", "a.csv", name: name);

        var error = Assert.Single(result.Errors);
        Assert.Equal((0L, "name"), (error.Row, error.Field));
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void A_label_column_with_too_many_distinct_values_is_refused()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i <= TextClassificationImport.MaxLabels; i++) content.Append($"t,label {i}\n");

        var result = studio.Import(content.ToString(), "a.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((0L, "label"), (error.Row, error.Field));
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void A_file_that_changes_between_the_passes_stores_nothing()
    {
        using var studio = new TemporaryStudio();
        var opened = 0;
        Stream Open() => new MemoryStream(TestFiles.Utf8(++opened == 1 ? "text,label\na,x\nb,y\n" : "text,label\na,x\n"));

        var result = studio.Datasets.ImportTextClassification(Open, "a.csv", "changing", null);

        Assert.False(result.Succeeded);
        Assert.Contains("changed", Assert.Single(result.Errors).Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }
}
