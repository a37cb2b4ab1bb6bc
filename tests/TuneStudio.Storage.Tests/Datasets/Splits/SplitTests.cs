using System.Text;

namespace TuneStudio.Storage.Tests.Datasets.Splits;

public class SplitTests
{
    // Deliberately uneven class sizes, so rounding matters in every class.
    private static readonly (string Label, int Rows)[] Classes = [("a", 1_003), ("b", 317), ("c", 58), ("d", 7), ("e", 1)];

    [Fact]
    public void A_stratified_split_keeps_each_class_share_within_one_row_of_exact()
    {
        using var studio = new TemporaryStudio();
        var id = ImportClasses(studio);

        var version = studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Stratified, 0.15, 0.1, Seed: 7)).Version!;
        var split = studio.Datasets.GetSplit(id, version.Version)!;
        var rows = studio.Datasets.ReadAllRows(id, version.Version).ToList();

        foreach (var (label, count) in Classes)
        {
            var parts = rows.Where(r => r.Label == label).Select(r => split.Parts[(int)r.Index]).ToList();
            Assert.InRange(parts.Count(p => p == SplitPart.Validation), count * 0.15 - 1, count * 0.15 + 1);
            Assert.InRange(parts.Count(p => p == SplitPart.Test), count * 0.1 - 1, count * 0.1 + 1);
        }
        Assert.Equal(rows.Count, version.Split!.Train + version.Split.Validation + version.Split.Test);
        Assert.NotEqual(studio.Datasets.GetVersion(id, 1)!.ContentHash, version.ContentHash); // the same rows, split: another version
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        using var studio = new TemporaryStudio();
        var id = ImportClasses(studio);

        foreach (var seed in new[] { 1, 1, 2 })
            studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Random, 0.2, 0.2, seed));

        Assert.Equal(studio.Datasets.GetSplit(id, 2)!.Parts, studio.Datasets.GetSplit(id, 3)!.Parts);
        Assert.NotEqual(studio.Datasets.GetSplit(id, 2)!.Parts, studio.Datasets.GetSplit(id, 4)!.Parts);
        Assert.Null(studio.Datasets.GetSplit(id, 1));
    }

    [Fact]
    public void A_split_version_stores_no_rows_again_and_survives_a_restart()
    {
        using var studio = new TemporaryStudio();
        var id = ImportClasses(studio);
        var pages = studio.Count(CollectionNames.RowPages);

        studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Stratified, 0.1, 0.1, 3, Folds: 5));
        var before = studio.Datasets.GetSplit(id, 2)!;
        studio.Reopen();
        var after = studio.Datasets.GetSplit(id, 2)!;

        Assert.Equal(pages, studio.Count(CollectionNames.RowPages));
        Assert.Equal(before.Parts, after.Parts);
        Assert.Equal(before.Folds, after.Folds);
    }

    [Fact]
    public void K_fold_gives_every_non_test_row_a_fold_and_balances_the_folds()
    {
        using var studio = new TemporaryStudio();
        var id = ImportClasses(studio);

        studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Stratified, 0, 0.1, 3, Folds: 5));
        var split = studio.Datasets.GetSplit(id, 2)!;

        var folds = split.Folds!.Where((_, i) => split.Parts[i] != SplitPart.Test).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0, 1, 2, 3, 4], folds.Keys.Order());
        Assert.True(folds.Values.Max() - folds.Values.Min() <= 1);
        Assert.All(split.Folds!.Where((_, i) => split.Parts[i] == SplitPart.Test), f => Assert.Equal(-1, f));
    }

    [Fact]
    public void Texts_shared_between_parts_are_reported_as_exact_or_near_leakage()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        // Row number 3i+1: the same text every time; rows 3i+2 and 3i+3: one pair spelled two ways, unique to i.
        for (var i = 0; i < 50; i++) content.Append($"same text,x\nPair {i}!,x\n\"pair   {i}\",x\n");
        var id = studio.Import(content.ToString(), "leaky.csv").Dataset!.Id;

        var report = studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Random, 0.2, 0.2, 1)).Version!.Report;

        Assert.Contains(report.Warnings, w => w.Kind == WarningKinds.ExactLeakage && w.Count > 0);
        Assert.Contains(report.Warnings, w => w.Kind == WarningKinds.NearLeakage);
        Assert.All(report.Warnings.Single(w => w.Kind == WarningKinds.ExactLeakage).Rows, r => Assert.Equal(1, r % 3));
        Assert.All(report.Warnings.Single(w => w.Kind == WarningKinds.NearLeakage).Rows, r => Assert.NotEqual(1, r % 3));
    }

    [Theory]
    [InlineData(1.0, 0.0, 0, "validationFraction")]
    [InlineData(0.6, 0.5, 0, "testFraction")]
    [InlineData(-0.1, 0.1, 0, "validationFraction")]
    [InlineData(0.1, 0.1, 1, "folds")]
    public void Bad_split_settings_are_refused_by_field(double validation, double test, int folds, string field)
    {
        using var studio = new TemporaryStudio();
        var id = ImportClasses(studio);

        var result = studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Random, validation, test, 1, folds));

        Assert.Contains(field, result.Errors.Select(e => e.Field));
    }

    private static string ImportClasses(TemporaryStudio studio)
    {
        var content = new StringBuilder("text,label\n");
        var row = 0;
        foreach (var (label, count) in Classes)
            for (var i = 0; i < count; i++) content.Append($"row {row++} of {label},{label}\n");
        return studio.Import(content.ToString(), "classes.csv").Dataset!.Id;
    }
}
