using System.Text;

namespace TuneStudio.Storage.Tests.Datasets.Validation;

public class ValidationReportTests
{
    [Fact]
    public void An_upload_is_kept_with_warnings_for_duplicates_blank_and_long_texts_label_typos_rare_classes_and_imbalance()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 200; i++) content.Append($"common {i},Spam\n");
        // Row numbers as the rows table shows them: "common 0" is row 1.
        content.Append("common 3,Spam\n");                         // row 201: duplicate of row 4
        content.Append("\"   \",ham\n");                           // row 202: whitespace-only text
        content.Append($"{new string('x', 600)},ham\n");           // row 203: long text
        content.Append("hello,spam\n");                            // row 204: 'spam' vs 'Spam'
        for (var i = 0; i < 8; i++) content.Append($"ham {i},ham\n");

        var result = studio.Import(content.ToString(), "mail.csv");
        var report = studio.Datasets.GetVersion(result.Dataset!.Id, 1)!.Report;

        Assert.True(result.Succeeded);
        Assert.Equal([201L], Warning(report, WarningKinds.DuplicateRows).Rows);
        Assert.Equal([202L], Warning(report, WarningKinds.EmptyText).Rows);
        Assert.Equal([203L], Warning(report, WarningKinds.LongText).Rows);
        Assert.Contains("'Spam' (201)", Warning(report, WarningKinds.LabelVariants).Message);
        Assert.Contains("'spam'", Warning(report, WarningKinds.RareClass).Message);
        Assert.Equal(201.0, report.ImbalanceRatio);
        Assert.Contains("201×", Warning(report, WarningKinds.ClassImbalance).Message);
    }

    [Fact]
    public void A_clean_balanced_upload_has_no_warnings_and_a_cleaned_version_gets_its_own_report()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 40; i++) content.Append($"row {i},l{i % 2}\n");
        content.Append("row 0,l0\n");
        var id = studio.Import(content.ToString(), "a.csv").Dataset!.Id;

        var cleaned = studio.Datasets.ApplyOperation(id, 1, new DropDuplicates()).Version!;

        Assert.Single(studio.Datasets.GetVersion(id, 1)!.Report.Warnings);
        Assert.Empty(cleaned.Report.Warnings);
        Assert.Equal(1.0, cleaned.Report.ImbalanceRatio);
    }

    private static DatasetWarning Warning(ValidationReport report, string kind) => report.Warnings.Single(w => w.Kind == kind);
}
