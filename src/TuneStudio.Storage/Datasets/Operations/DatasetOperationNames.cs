namespace TuneStudio.Storage;

/// <summary>The names operations are recorded and requested by.</summary>
public static class DatasetOperationNames
{
    public const string Import = "import";
    public const string Trim = "trim";
    public const string NormalizeUnicode = "normalize-unicode";
    public const string DropDuplicates = "drop-duplicates";
    public const string DropEmpty = "drop-empty";
    public const string MergeLabels = "merge-labels";
    public const string RenameLabel = "rename-label";
    public const string DropRows = "drop-rows";
    public const string FixRow = "fix-row";
    public const string Split = "split";

    public static IReadOnlyList<string> All { get; } =
        [Trim, NormalizeUnicode, DropDuplicates, DropEmpty, MergeLabels, RenameLabel, DropRows, FixRow, Split];
}
