using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class TokenClassificationTests
{
    private static string SamplePath() => Path.Combine(Path.GetDirectoryName(TestFiles.FirstNamesCsvPath())!, "conll-sample.conll");

    private static ImportResult Import(TemporaryStudio studio, string content, string fileName = "ner.conll") =>
        studio.Datasets.Import(() => new MemoryStream(TestFiles.Utf8(content)), fileName, "ner", DatasetTasks.TokenClassification, null);

    [Fact]
    public void A_CoNLL_file_becomes_one_row_per_sentence_with_tag_counts_and_DOCSTART_ignored()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Datasets.Import(() => File.OpenRead(SamplePath()), "conll-sample.conll", "ner", DatasetTasks.TokenClassification, null);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var rows = studio.Datasets.ReadAllRows(result.Dataset!.Id, 1).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(("EU rejects German call to boycott British lamb .", "B-ORG O B-MISC O O O B-MISC O O"), (rows[0].Text, rows[0].Label));
        var version = studio.Datasets.GetVersion(result.Dataset.Id, 1)!;
        Assert.Equal(3, version.LabelCounts["B-MISC"]);
        Assert.Equal("conll", version.Format);
    }

    [Fact]
    public void A_CoNLL_file_without_DOCSTART_exports_back_byte_identical_and_as_token_json_lines()
    {
        using var studio = new TemporaryStudio();
        var original = File.ReadAllText(SamplePath()).Replace("-DOCSTART- O\n\n", "") + "\n";
        var id = Import(studio, original).Dataset!.Id;

        Assert.Equal(original, Export(studio, id, null));
        Assert.StartsWith("{\"tokens\":[\"EU\",\"rejects\",", Export(studio, id, "jsonl"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Export(studio, id, "csv"));
    }

    [Fact]
    public void CoNLL_2003_four_column_lines_take_the_last_column_as_the_tag()
    {
        using var studio = new TemporaryStudio();

        var id = Import(studio, "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n").Dataset!.Id;

        Assert.Equal("B-ORG O", studio.Datasets.ReadAllRows(id, 1).Single().Label);
    }

    [Theory]
    [InlineData("EU B-ORG\nrejects O\n\nPeter O\nBlackburn I-PER\n", 2, "tags", "'I-PER' at token 2 (line 5) follows 'O'")]
    [InlineData("Blackburn I-PER\n", 1, "tags", "follows the start of the sentence")]
    [InlineData("EU B-ORG\nCommission I-LOC\n", 1, "tags", "an I-LOC must follow B-LOC or I-LOC")]
    [InlineData("EU S-ORG\n", 1, "tags", "not an IOB2 tag")]
    [InlineData("EU\n", 1, "file", "Line 1 has a token but no tag")]
    [InlineData("\n\n", 0, "file", "The file is empty")]
    public void Broken_CoNLL_is_refused_with_the_sentence_and_line_and_stores_nothing(string content, long row, string field, string message)
    {
        using var studio = new TemporaryStudio();

        var result = Import(studio, content);

        var error = Assert.Single(result.Errors);
        Assert.Equal((row, field), (error.Row, error.Field));
        Assert.Contains(message, error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void Renaming_a_tag_keeps_one_tag_per_token()
    {
        using var studio = new TemporaryStudio();
        var id = Import(studio, "EU B-ORG\nCommission I-ORG\nsaid O\nit O\n").Dataset!.Id;

        studio.Datasets.ApplyOperation(id, 1, new RenameLabel("O", "OUT"));

        Assert.Equal("B-ORG I-ORG OUT OUT", studio.Datasets.ReadAllRows(id, 2).Single().Label);
        Assert.Equal("file", Assert.Single(Import(studio, "a,b\n", "ner.csv").Errors).Field);
    }

    [Fact]
    public void Token_json_lines_import_and_export_byte_identical()
    {
        using var studio = new TemporaryStudio();
        const string content = "{\"tokens\":[\"EU\",\"rejects\",\"German\",\"call\"],\"tags\":[\"B-ORG\",\"O\",\"B-MISC\",\"O\"]}\n" +
            "{\"tokens\":[\"Peter\",\"Blackburn\"],\"tags\":[\"B-PER\",\"I-PER\"]}\n";

        var id = Import(studio, content, "ner.jsonl").Dataset!.Id;

        Assert.Equal("EU rejects German call", studio.Datasets.ReadAllRows(id, 1).First().Text);
        Assert.Equal(content, Export(studio, id, null));
    }

    [Theory]
    [InlineData("{\"tokens\":[\"a\",\"b\"],\"tags\":[\"O\"]}\n", "tags", "2 token(s) and 1 tag(s)")]
    [InlineData("{\"tokens\":[\"a b\"],\"tags\":[\"O\"]}\n", "tokens", "holds whitespace")]
    [InlineData("{\"tokens\":\"a\",\"tags\":[\"O\"]}\n", "tokens", "must be an array of strings")]
    [InlineData("{\"tokens\":[\"a\",\"b\"],\"tags\":[\"O\",\"I-X\"]}\n", "tags", "'I-X' at token 2 (tag 2) follows 'O'")]
    public void Broken_token_json_lines_are_refused_by_field(string content, string field, string message)
    {
        using var studio = new TemporaryStudio();

        var error = Assert.Single(Import(studio, content, "bad.jsonl").Errors);

        Assert.Equal((1L, field), (error.Row, error.Field));
        Assert.Contains(message, error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }

    private static string Export(TemporaryStudio studio, string id, string? format)
    {
        using var output = new MemoryStream();
        studio.Datasets.Export(id, 1, format, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
