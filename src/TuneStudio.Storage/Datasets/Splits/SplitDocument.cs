namespace TuneStudio.Storage;

/// <summary>A version's split settings and part sizes as stored in its version document.</summary>
internal sealed class SplitDocument
{
    public SplitMethod Method { get; set; }
    public double ValidationFraction { get; set; }
    public double TestFraction { get; set; }
    public int Seed { get; set; }
    public int Folds { get; set; }
    public long Train { get; set; }
    public long Validation { get; set; }
    public long Test { get; set; }

    public static SplitDocument From(SplitAssignment split) => new()
    {
        Method = split.Settings.Method,
        ValidationFraction = split.Settings.ValidationFraction,
        TestFraction = split.Settings.TestFraction,
        Seed = split.Settings.Seed,
        Folds = split.Settings.Folds,
        Train = split.Count(SplitPart.Train),
        Validation = split.Count(SplitPart.Validation),
        Test = split.Count(SplitPart.Test),
    };

    public SplitRows Settings => new(Method, ValidationFraction, TestFraction, Seed, Folds);

    public SplitSummary ToSummary() => new(Settings, Train, Validation, Test);
}
