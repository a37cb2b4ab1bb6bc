using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public sealed class ValidRowsImportTests
{
    // Data rows 1-5: 2 has no text, 4 no label, 5 three fields.
    private const string Csv = "text,label\nAnn,female\n,male\nBob,male\nDee,\na,b,c\n";

    private static ImportResult ImportValid(TemporaryStudio studio, string content, string fileName = "people.csv") =>
        studio.Datasets.ImportValidRows(() => new MemoryStream(Encoding.UTF8.GetBytes(content)), fileName, "people", DatasetTasks.TextClassification, null);

    [Fact]
    public void Keeping_valid_rows_stores_them_and_reports_each_rejected_row_with_field_and_reason_as_csv()
    {
        using var studio = new TemporaryStudio();

        var result = ImportValid(studio, Csv);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.RejectedRowCount);
        Assert.Equal(["Ann", "Bob"], studio.Datasets.ReadAllRows(result.Dataset!.Id, 1).Select(r => r.Text));
        Assert.Equal(2, result.Dataset.Rows);
        var report = studio.Datasets.GetRejectedRows(result.Dataset.Id)!;
        using var csv = new MemoryStream();
        report.WriteCsv(csv);
        Assert.Equal(
            "row,field,reason\n" +
            "2,text,The text ('text') is empty.\n" +
            "4,label,The label ('label') is empty.\n" +
            "5,file,\"row has 3 fields, header has 2.\"\n",
            Encoding.UTF8.GetString(csv.ToArray()));
    }

    [Fact]
    public void All_or_nothing_stays_the_default_and_a_file_level_problem_still_stores_nothing()
    {
        using var studio = new TemporaryStudio();

        var strict = studio.Import(Csv, "people.csv");
        var badHeader = ImportValid(studio, "text,label,extra\nAnn,female,x\n");
        var noValidRow = ImportValid(studio, "text,label\n,female\n");

        Assert.False(strict.Succeeded);
        Assert.Equal(3, strict.TotalErrorCount);
        Assert.False(badHeader.Succeeded);
        Assert.Contains(badHeader.Errors, e => e.Row == 0 && e.Field == "extra");
        Assert.False(noValidRow.Succeeded);
        Assert.True(studio.HoldsNoDatasetContent());
        Assert.Equal(0, studio.Count(CollectionNames.ImportRejections));
    }

    [Fact]
    public void A_clean_file_kept_row_by_row_has_no_rejected_rows_and_deleting_the_dataset_drops_the_report()
    {
        using var studio = new TemporaryStudio();
        var clean = ImportValid(studio, "text,label\nAnn,female\n");
        var partial = ImportValid(studio, Csv);

        Assert.Equal(0, clean.RejectedRowCount);
        Assert.Null(studio.Datasets.GetRejectedRows(clean.Dataset!.Id));
        studio.Datasets.Delete(partial.Dataset!.Id);
        Assert.Null(studio.Datasets.GetRejectedRows(partial.Dataset.Id));
        Assert.Equal(0, studio.Count(CollectionNames.ImportRejections));
    }
}
