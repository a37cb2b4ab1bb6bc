using System.Security.Cryptography;

namespace TuneStudio.Storage.Tests.Datasets.Splits;

public class ColumnSplitTests
{
    // The documented identity, written out byte by byte: each row's text and label as an 8-byte little-endian length
    // and UTF-8 bytes; then, for a split, an 8-byte −1 and a part byte per row (0 train, 1 validation, 2 test).
    [Fact]
    public void A_split_is_part_of_the_versions_content_hash()
    {
        using var studio = new TemporaryStudio();

        var withSplit = studio.Import("text,label,split\na,x,train\nb,y,test\n", "a.csv").Dataset!.Id;
        var without = studio.Import("text,label\na,x\nb,y\n", "b.csv").Dataset!.Id;

        byte[] Field(string value) => [1, 0, 0, 0, 0, 0, 0, 0, (byte)value[0]]; // one ASCII character each
        byte[] rows = [.. Field("a"), .. Field("x"), .. Field("b"), .. Field("y")];
        byte[] split = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 2];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(rows)), studio.Datasets.GetVersion(without, 1)!.ContentHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. rows, .. split])), studio.Datasets.GetVersion(withSplit, 1)!.ContentHash);
    }

    [Fact]
    public void A_split_column_in_the_upload_becomes_version_1s_split_with_leakage_checked()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("text,label,split\na,x,train\nb,y,TRAIN\nA!,x,validation\nc,y, test \nb,y,dev\n", "a.csv");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var version = studio.Datasets.GetVersion(result.Dataset!.Id, 1)!;
        Assert.Equal(SplitMethod.Column, version.Split!.Settings.Method);
        Assert.Equal((2L, 2L, 1L), (version.Split.Train, version.Split.Validation, version.Split.Test));
        Assert.Equal([SplitPart.Train, SplitPart.Train, SplitPart.Validation, SplitPart.Test, SplitPart.Validation],
            studio.Datasets.GetSplit(result.Dataset.Id, 1)!.Parts);
        // Row numbers: row 5 ("b", dev) repeats row 2's text; row 3 ("A!", validation) is row 1's "a" spelled another way.
        Assert.Equal([5L], version.Report.Warnings.Single(w => w.Kind == WarningKinds.ExactLeakage).Rows);
        Assert.Equal([3L], version.Report.Warnings.Single(w => w.Kind == WarningKinds.NearLeakage).Rows);
        Assert.Equal(["a", "b", "A!", "c", "b"], studio.Datasets.ReadAllRows(result.Dataset.Id, 1).Select(r => r.Text));
    }

    [Fact]
    public void Json_lines_and_mapped_columns_can_carry_the_split()
    {
        using var studio = new TemporaryStudio();

        var jsonl = studio.Import("{\"text\":\"a\",\"label\":\"x\",\"split\":\"test\"}\n{\"text\":\"b\",\"label\":\"y\",\"split\":\"train\"}\n", "a.jsonl");
        var mapped = studio.Import("id,sentence,tag,fold\n1,a,x,val\n2,b,y,train\n", "b.csv",
            new ColumnMapping("sentence", "tag") { SplitColumn = "fold" });

        Assert.Equal([SplitPart.Test, SplitPart.Train], studio.Datasets.GetSplit(jsonl.Dataset!.Id, 1)!.Parts);
        Assert.Equal([SplitPart.Validation, SplitPart.Train], studio.Datasets.GetSplit(mapped.Dataset!.Id, 1)!.Parts);
    }

    [Theory]
    [InlineData("a.csv", "text,label,split\na,x,train\nb,y,holdout\n", 2, "split", "'holdout' is not a split")]
    [InlineData("a.csv", "text,label,split\na,x,\n", 1, "split", "is not a split")]
    [InlineData("a.jsonl", "{\"text\":\"a\",\"label\":\"x\",\"split\":\"test\"}\n{\"text\":\"b\",\"label\":\"y\"}\n", 0, "split", "1 row(s) have no 'split' value")]
    [InlineData("a.jsonl", "{\"text\":\"a\",\"label\":\"x\",\"split\":3}\n", 1, "split", "must be a string")]
    [InlineData("a.csv", "text,label,split,split\na,x,train,test\n", 0, "split", "appears 2 times")]
    public void A_bad_split_value_is_refused_with_row_and_column_and_stores_nothing(string fileName, string content, long row, string field, string message)
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import(content, fileName);

        var error = Assert.Single(result.Errors);
        Assert.Equal((row, field), (error.Row, error.Field));
        Assert.Contains(message, error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void A_mapped_split_column_that_is_missing_is_named()
    {
        using var studio = new TemporaryStudio();

        var result = studio.Import("text,label\na,x\n", "a.csv", new ColumnMapping("text", "label") { SplitColumn = "fold" });

        Assert.Equal("fold", Assert.Single(result.Errors).Field);
    }
}
