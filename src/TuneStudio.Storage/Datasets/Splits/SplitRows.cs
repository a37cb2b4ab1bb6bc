using System.Globalization;

namespace TuneStudio.Storage;

public enum SplitMethod
{
    Random,
    Stratified,
    /// <summary>Each row's part came from a column of the uploaded file.</summary>
    Column,
}

public enum SplitPart : byte
{
    Train = 0,
    Validation = 1,
    Test = 2,
}

/// <summary>
/// Assigns every row to train, validation or test (and, with <paramref name="Folds"/> ≥ 2, the non-test rows to
/// K folds), stored with the new version so every run on it sees the same split. The rows are unchanged, so the new
/// version shares all its pages with the base. <see cref="SplitMethod.Stratified"/> splits each label separately,
/// keeping each class's share of a part within one row of exact. The same seed gives the same split.
/// Versions derived from a split version do not inherit its split: split the cleaned version instead.
/// </summary>
public sealed record SplitRows(SplitMethod Method, double ValidationFraction, double TestFraction, int Seed, int Folds = 0) : DatasetOperation
{
    public const int MaxFolds = 100;

    public override string Name => DatasetOperationNames.Split;

    public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["method"] = Method.ToString().ToLowerInvariant(),
        ["validationFraction"] = ValidationFraction.ToString(CultureInfo.InvariantCulture),
        ["testFraction"] = TestFraction.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["folds"] = Folds.ToString(CultureInfo.InvariantCulture),
    };

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var errors = new List<ValidationError>();
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) errors.Add(Error("validationFraction", "Give a fraction from 0 up to (not including) 1."));
        if (!(TestFraction >= 0 && TestFraction < 1)) errors.Add(Error("testFraction", "Give a fraction from 0 up to (not including) 1."));
        if (ValidationFraction + TestFraction >= 1) errors.Add(Error("testFraction", "Validation and test together must leave rows for training."));
        if (Method == SplitMethod.Stratified && baseVersion.LabelCounts.Count == 0)
            errors.Add(Error("method", "This dataset has no classes to stratify by; split it at random."));
        if (Method == SplitMethod.Column) errors.Add(Error("method", "A split from a column comes with the upload; split by 'random' or 'stratified'."));
        if (Folds == 1 || Folds < 0 || Folds > MaxFolds) errors.Add(Error("folds", $"Give 0 (no folds) or 2 to {MaxFolds} folds."));
        return errors;
    }

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels) => rows;
}
