using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class ImportRoundTripTests
{
    /// <summary>Values a careless parser or mapper would change: whitespace, quotes, delimiters, line breaks, non-ASCII.</summary>
    private static readonly (string Text, string Label)[] TrickyRows =
    [
        (" leading space", "pos"),
        ("trailing space ", " neg"),
        ("\ttabs\tinside\t", "neg "),
        ("say \"hi\"", "pos"),
        ("a, b, c", "pos"),
        ("line one\nline two", "neg"),
        ("line one\r\nline two\rthree", "neg"),
        ("é 中文 🎉 naïve", "ラベル"),
        (" ", "pos"),
        ("\"", "\""),
        (",", ","),
        ("\uFEFFa BOM in the middle is content", "pos"),
        ("5\" tall", "Pos"),
    ];

    [Theory]
    [InlineData(',', "tricky.csv", "\n")]
    [InlineData(',', "tricky.csv", "\r\n")]
    [InlineData(',', "tricky.csv", "\r")]
    [InlineData('\t', "tricky.tsv", "\n")]
    [InlineData('\t', "tricky.tsv", "\r\n")]
    public void Rows_round_trip_byte_exact(char delimiter, string fileName, string lineEnding)
    {
        using var studio = new TemporaryStudio();
        var lines = new[] { TestFiles.DelimitedLine(delimiter, "text", "label") }
            .Concat(TrickyRows.Select(r => TestFiles.DelimitedLine(delimiter, r.Text, r.Label)));
        var content = string.Join(lineEnding, lines) + lineEnding;

        var result = studio.Import(content, fileName);

        AssertStoredExactly(studio, result, TrickyRows);
    }

    [Fact]
    public void Json_lines_round_trip_byte_exact()
    {
        using var studio = new TemporaryStudio();
        var content = string.Join("\n", TrickyRows.Select(r => TestFiles.JsonLine(r.Text, r.Label)));

        var result = studio.Import(content, "tricky.jsonl");

        AssertStoredExactly(studio, result, TrickyRows);
    }

    [Fact]
    public void A_leading_BOM_is_skipped_and_the_last_row_needs_no_line_break()
    {
        using var studio = new TemporaryStudio();
        byte[] content = [0xEF, 0xBB, 0xBF, .. TestFiles.Utf8("text,label\nfirst,a\n\"last\",b")];

        var result = studio.Import(content, "bom.csv");

        AssertStoredExactly(studio, result, [("first", "a"), ("last", "b")]);
        Assert.Equal(["text", "label"], result.Columns);
    }

    [Fact]
    public void Empty_values_in_ignored_columns_do_not_matter()
    {
        using var studio = new TemporaryStudio();
        var content = "id,text,notes,label\n1, x ,,a\n2,\" \",\"\",b\n";

        var result = studio.Import(content, "a.csv", new ColumnMapping("text", "label"));

        AssertStoredExactly(studio, result, [(" x ", "a"), (" ", "b")]);
    }

    [Fact]
    public void A_number_label_in_json_lines_is_kept_as_written()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":2.50}\n", "numbers.ndjson");

        AssertStoredExactly(studio, result, [("a", "1"), ("b", "2.50")]);
        Assert.Equal("jsonl", studio.Datasets.GetVersion(result.Dataset!.Id, 1)!.Format);
    }

    [Fact]
    public void Labels_differing_only_in_case_stay_apart()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("text,label\na,Spam\nb,spam\nc,spam\n", "case.csv");

        var version = studio.Datasets.GetVersion(result.Dataset!.Id, 1)!;
        Assert.Equal(["Spam", "spam"], version.Labels);
        Assert.Equal(1, version.LabelCounts["Spam"]);
        Assert.Equal(2, version.LabelCounts["spam"]);
    }

    private static void AssertStoredExactly(TemporaryStudio studio, ImportResult result, IReadOnlyList<(string Text, string Label)> expected)
    {
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var dataset = result.Dataset!;
        var rows = studio.Datasets.GetRows(dataset.Id, 1, 0, 1000);
        Assert.Equal(expected.Select((r, i) => new DatasetRow(i, r.Text, r.Label)), rows);
        Assert.Equal(expected.Select(r => Encoding.UTF8.GetBytes(r.Text)), rows.Select(r => Encoding.UTF8.GetBytes(r.Text)));

        var version = studio.Datasets.GetVersion(dataset.Id, 1)!;
        Assert.Equal(expected.Count, version.RowCount);
        Assert.Equal(expected.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal), version.Labels);
        Assert.Equal(version.Labels, dataset.Labels);
        Assert.Equal(ExpectedHash(expected), version.ContentHash);
    }

    /// <summary>The documented hash: per row, text then label, each as an 8-byte little-endian UTF-8 length and the bytes.</summary>
    private static string ExpectedHash(IEnumerable<(string Text, string Label)> rows)
    {
        var stream = new MemoryStream();
        foreach (var value in rows.SelectMany(r => new[] { r.Text, r.Label }))
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var length = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
            stream.Write(length);
            stream.Write(bytes);
        }
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }
}
