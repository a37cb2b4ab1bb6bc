namespace TuneStudio.Storage.Reviews;

/// <summary>
/// Which rows of a version a task reviews: all, a filter, a seeded random sample, or listed <paramref name="Rows"/>:
/// 1-based row numbers, as the dataset page's # column shows them.
/// </summary>
public sealed record ReviewSelection(
    string Kind, string? LabelEquals = null, string? TextContains = null, int SampleSize = 0, int Seed = 42, IReadOnlyList<long>? Rows = null)
{
    public const string All = "all";
    public const string Filter = "filter";
    public const string Sample = "sample";
    public const string List = "rows";

    public string? Problem() => Kind switch
    {
        All => null,
        Filter when (LabelEquals is null) == (TextContains is null) => "A filter gives exactly one of labelEquals or textContains.",
        Filter => null,
        Sample when SampleSize < 1 => "A sample needs a size of at least 1.",
        Sample => null,
        List when Rows is not { Count: > 0 } => "List at least one row number.",
        List => null,
        _ => $"'{Kind}' is not a selection; use all, filter, sample or rows.",
    };

    public string Describe() => Kind switch
    {
        Filter => LabelEquals is not null ? $"label = {LabelEquals}" : $"text contains \"{TextContains}\"",
        Sample => $"random sample of {SampleSize} (seed {Seed})",
        List => $"{Rows!.Count} listed rows",
        _ => "all rows",
    };

    /// <summary>The chosen rows in row order. A sample draws from all rows with a seeded shuffle, so the same seed picks the same rows.</summary>
    public IReadOnlyList<DatasetRow> Choose(IEnumerable<DatasetRow> rows)
    {
        switch (Kind)
        {
            case Filter:
                return rows.Where(r => LabelEquals is not null ? r.Label == LabelEquals : r.Text.Contains(TextContains!, StringComparison.Ordinal)).ToList();
            case Sample:
                var all = rows.ToList();
                var picked = all.ToArray();
                new Random(Seed).Shuffle(picked);
                return picked.Take(SampleSize).OrderBy(r => r.Index).ToList();
            case List:
                var wanted = Rows!.ToHashSet();
                return rows.Where(r => wanted.Contains(r.Index + 1)).ToList();
            default:
                return rows.ToList();
        }
    }
}
