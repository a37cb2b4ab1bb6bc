namespace TuneStudio.Storage;

/// <summary>
/// Problems worth knowing about in a version that were not bad enough to reject it. <paramref name="Rows"/> lists
/// up to <see cref="ValidationReport.MaxRowsPerWarning"/> 1-based row numbers as examples; <paramref name="Count"/>
/// counts them all.
/// </summary>
public sealed record DatasetWarning(string Kind, string Message, long Count, IReadOnlyList<long> Rows);

/// <summary>
/// The validation report stored with each version. <paramref name="ImbalanceRatio"/> is the largest class's row
/// count over the smallest's (1 for a single class).
/// </summary>
public sealed record ValidationReport(
    IReadOnlyList<DatasetWarning> Warnings, int MaxTextLength, int RareClassRows, double ImbalanceRatio)
{
    public const int MaxRowsPerWarning = 20;
    public const int DefaultMaxTextLength = 512;
    public const int DefaultRareClassRows = 10;
    public const double ImbalanceWarningRatio = 10;

    public static ValidationReport Empty { get; } = new([], DefaultMaxTextLength, DefaultRareClassRows, 1);
}

/// <summary>The kinds of warning a report can hold.</summary>
public static class WarningKinds
{
    public const string DuplicateRows = "duplicate-rows";
    public const string EmptyText = "empty-text";
    public const string LongText = "long-text";
    public const string LabelVariants = "label-variants";
    public const string RareClass = "rare-class";
    public const string ClassImbalance = "class-imbalance";
    public const string ExactLeakage = "leakage-exact";
    public const string NearLeakage = "leakage-near";
}
