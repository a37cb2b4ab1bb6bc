namespace TuneStudio.Storage.Tests.Datasets.Splits;

public class ColumnSplitTests
{
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
        Assert.Equal([4L], version.Report.Warnings.Single(w => w.Kind == WarningKinds.ExactLeakage).Rows);
        Assert.Equal([2L], version.Report.Warnings.Single(w => w.Kind == WarningKinds.NearLeakage).Rows);
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
