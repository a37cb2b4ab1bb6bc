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

    [Fact]
    public void Label_variants_by_case_whitespace_or_one_letter_are_flagged_naming_the_rows_of_the_rarer_spelling()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 12; i++) content.Append($"f{i},female\n");   // rows 0-11
        for (var i = 0; i < 12; i++) content.Append($"m{i},male\n");     // rows 12-23
        content.Append("x1,femal\n");                                      // row 24
        content.Append("x2,\"Male \"\n");                                // row 25
        content.Append("x3,femal\n");                                      // row 26
        // Not variants: numbered classes and short codes one letter apart.
        for (var i = 0; i < 12; i++) content.Append($"c{i},class1\nd{i},class2\np{i},pos\nq{i},pas\n");

        var report = studio.Datasets.GetVersion(studio.Import(content.ToString(), "people.csv").Dataset!.Id, 1)!.Report;
        var variants = report.Warnings.Where(w => w.Kind == WarningKinds.LabelVariants).ToList();

        Assert.Equal(2, variants.Count);
        var female = variants.Single(w => w.Message.Contains("'femal'"));
        Assert.Equal([24L, 26L], female.Rows);
        Assert.Equal(2, female.Count);
        Assert.Contains("'female' (12), 'femal' (2)", female.Message);
        var male = variants.Single(w => w.Message.Contains("'Male '"));
        Assert.Equal([25L], male.Rows);
        Assert.Contains("case or whitespace", male.Message);
    }

    [Fact]
    public void On_a_tie_the_spelling_with_stray_whitespace_is_the_one_named()
    {
        using var studio = new TemporaryStudio();
        var report = studio.Datasets.GetVersion(studio.Import("text,label\nbob,male\nCy,\"Male \"\n", "two.csv").Dataset!.Id, 1)!.Report;

        Assert.Equal([1L], report.Warnings.Single(w => w.Kind == WarningKinds.LabelVariants).Rows);
    }

    [Fact]
    public void Token_tags_one_letter_apart_are_not_variants()
    {
        using var studio = new TemporaryStudio();
        var conll = new StringBuilder();
        for (var i = 0; i < 12; i++) conll.Append($"Ann B-PER\nSmith I-PER\nvisits O\nParis B-LOC\n\n");
        var result = studio.Datasets.Import(() => new MemoryStream(Encoding.UTF8.GetBytes(conll.ToString())), "ner.conll", "ner", DatasetTasks.TokenClassification, null);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.DoesNotContain(studio.Datasets.GetVersion(result.Dataset!.Id, 1)!.Report.Warnings, w => w.Kind == WarningKinds.LabelVariants);
    }

    private static DatasetWarning Warning(ValidationReport report, string kind) => report.Warnings.Single(w => w.Kind == kind);
}
