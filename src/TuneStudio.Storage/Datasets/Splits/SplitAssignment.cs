namespace TuneStudio.Storage;

/// <summary>
/// Which part (and fold) each row of a version is in. <see cref="Folds"/> is null without K-fold; test rows have fold -1.
/// </summary>
public sealed record SplitAssignment(SplitRows Settings, IReadOnlyList<SplitPart> Parts, IReadOnlyList<int>? Folds)
{
    public long Count(SplitPart part) => Parts.LongCount(p => p == part);

    /// <summary>
    /// Deals rows into parts. Stratified: each label's rows (labels in ordinal order) are shuffled with one seeded
    /// generator and cut by rounded fractions; random: all rows at once. Folds go round-robin along the same order.
    /// </summary>
    internal static SplitAssignment Deal(SplitRows settings, IReadOnlyList<int> labelOf)
    {
        var random = new Random(settings.Seed);
        var parts = new SplitPart[labelOf.Count];
        int[]? folds = settings.Folds >= 2 ? new int[labelOf.Count] : null;
        var groups = settings.Method == SplitMethod.Stratified
            ? Enumerable.Range(0, labelOf.Count).GroupBy(i => labelOf[i]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [Enumerable.Range(0, labelOf.Count).ToArray()];

        var nextFold = 0;
        foreach (var group in groups)
        {
            random.Shuffle(group);
            var test = Share(group.Length, settings.TestFraction);
            var validation = Share(group.Length, settings.ValidationFraction);
            for (var i = 0; i < group.Length; i++)
            {
                var part = i < test ? SplitPart.Test : i < test + validation ? SplitPart.Validation : SplitPart.Train;
                parts[group[i]] = part;
                if (folds is not null) folds[group[i]] = part == SplitPart.Test ? -1 : nextFold++ % settings.Folds;
            }
        }
        return new SplitAssignment(settings, parts, folds);
    }

    // Rounded, not truncated: that is what keeps every class within half a row of its exact share.
    private static int Share(int rows, double fraction) => (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero);
}

/// <summary>How a version was split and how many rows each part got.</summary>
public sealed record SplitSummary(SplitRows Settings, long Train, long Validation, long Test);
