using System.Text;

namespace TuneStudio.Storage.Tests.Datasets.Export;

public class ExportRoundTripTests
{
    private static readonly (string Text, string Label)[] TrickyRows =
    [
        (" leading space", "pos"), ("say \"hi\"", "pos"), ("a, b, c", "neg"), ("line one\nline two", "neg"),
        ("cr\rlf\r\n", "neg"), ("é 中文 🎉 naïve", "ラベル"), ("\ttab", " neg "), ("\"", ","), ("</script>", "<b>"),
    ];

    [Fact]
    public void The_real_first_names_csv_exports_back_byte_identical()
    {
        using var studio = new TemporaryStudio();
        var original = File.ReadAllBytes(TestFiles.FirstNamesCsvPath());
        var id = studio.Import(original, "first-names.csv").Dataset!.Id;

        Assert.Equal(original, Export(studio, id, 1, null));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    [InlineData("jsonl")]
    public void Tricky_rows_export_reimport_and_export_again_byte_identical(string format)
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        foreach (var (text, label) in TrickyRows) content.Append(TestFiles.DelimitedLine(',', text, label)).Append('\n');
        var id = studio.Import(content.ToString(), "tricky.csv").Dataset!.Id;

        var exported = Export(studio, id, 1, format);
        var again = studio.Import(exported, $"again.{format}").Dataset!.Id;

        Assert.Equal(studio.Datasets.GetVersion(id, 1)!.ContentHash, studio.Datasets.GetVersion(again, 1)!.ContentHash);
        Assert.Equal(exported, Export(studio, again, 1, null));
    }

    [Fact]
    public void A_cleaned_version_exports_its_own_rows_under_the_source_column_names()
    {
        using var studio = new TemporaryStudio();
        var id = studio.Import("name,gender\n Ann ,female\nBob,male\n", "names.csv", new ColumnMapping("name", "gender")).Dataset!.Id;
        studio.Datasets.ApplyOperation(id, 1, new TrimWhitespace());

        Assert.Equal("name,gender\nAnn,female\nBob,male\n", Encoding.UTF8.GetString(Export(studio, id, 2, null)));
        Assert.Equal("{\"name\":\"Ann\",\"gender\":\"female\"}\n{\"name\":\"Bob\",\"gender\":\"male\"}\n", Encoding.UTF8.GetString(Export(studio, id, 2, "jsonl")));
        Assert.False(studio.Datasets.Export(id, 9, null, new MemoryStream()));
    }

    private static byte[] Export(TemporaryStudio studio, string id, int version, string? format)
    {
        using var output = new MemoryStream();
        Assert.True(studio.Datasets.Export(id, version, format, output));
        return output.ToArray();
    }
}
