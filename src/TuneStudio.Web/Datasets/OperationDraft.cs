using TuneStudio.Storage;

namespace TuneStudio.Web.Datasets;

/// <summary>What the operation form's fields hold, turned into an operation. Blank optional fields mean "not given".</summary>
public sealed class OperationDraft
{
    public const string FilterLabel = "label equals";
    public const string FilterText = "text contains";
    public const string FilterRegex = "regex";

    public string Labels { get; set; } = "";
    // Merge's labels as picked from the version's labels; when any are picked they are used rather than the typed list.
    public IReadOnlyCollection<string> PickedLabels { get; set; } = [];
    public string Into { get; set; } = "";
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string FilterKind { get; set; } = FilterLabel;
    public string FilterValue { get; set; } = "";
    public long Row { get; set; }
    public string Text { get; set; } = "";
    public string Label { get; set; } = "";
    public SplitMethod SplitMethod { get; set; } = SplitMethod.Stratified;
    public double ValidationFraction { get; set; } = 0.1;
    public double TestFraction { get; set; } = 0.1;
    public int Seed { get; set; } = OperationRequest.DefaultSeed;
    public int Folds { get; set; }

    public static string Describe(string operation) => operation switch
    {
        DatasetOperationNames.Trim => "Trim whitespace",
        DatasetOperationNames.NormalizeUnicode => "Normalise Unicode (NFC)",
        DatasetOperationNames.DropDuplicates => "Drop duplicate rows",
        DatasetOperationNames.DropEmpty => "Drop empty texts",
        DatasetOperationNames.MergeLabels => "Merge labels",
        DatasetOperationNames.RenameLabel => "Rename a label",
        DatasetOperationNames.DropRows => "Drop rows by filter",
        DatasetOperationNames.FixRow => "Fix one row",
        DatasetOperationNames.Split => "Split train/validation/test",
        _ => operation,
    };

    /// <summary>What identifies the operation these fields make, so a preview is known to be of the current settings.</summary>
    public string Fingerprint(string operation)
    {
        var built = Build(operation);
        return built.Name + "|" + string.Join("|", built.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    public DatasetOperation Build(string operation) => operation switch
    {
        DatasetOperationNames.Trim => new TrimWhitespace(),
        DatasetOperationNames.NormalizeUnicode => new NormalizeUnicode(),
        DatasetOperationNames.DropDuplicates => new DropDuplicates(),
        DatasetOperationNames.DropEmpty => new DropEmpty(),
        // Labels are listed one per line or comma-separated; labels themselves rarely hold commas.
        DatasetOperationNames.MergeLabels => new MergeLabels(
            PickedLabels.Count > 0 ? PickedLabels.ToList() : Labels.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Into),
        DatasetOperationNames.RenameLabel => new RenameLabel(From, To),
        DatasetOperationNames.DropRows => FilterKind switch
        {
            FilterText => new DropRows(null, FilterValue, null),
            FilterRegex => new DropRows(null, null, FilterValue),
            _ => new DropRows(FilterValue, null, null),
        },
        // The page numbers rows from 1; the operation counts from 0.
        DatasetOperationNames.FixRow => new FixRow(Row, Text.Length > 0 ? Text : null, Label.Length > 0 ? Label : null),
        DatasetOperationNames.Split => new SplitRows(SplitMethod, ValidationFraction, TestFraction, Seed, Folds),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation."),
    };
}
