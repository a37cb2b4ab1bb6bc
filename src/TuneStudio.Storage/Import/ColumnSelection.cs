namespace TuneStudio.Storage.Import;

/// <summary>Positions of the text and label columns among the file's columns.</summary>
internal readonly record struct ColumnPositions(int Text, int Label, int Split = -1);

/// <summary>
/// Which columns an import reads and what it makes of the others. Without a mapping the file must have exactly
/// "text" and "label"; with one, the two mapped columns must exist and every other column is ignored.
/// Column names are compared exactly (ordinal, no trimming).
/// </summary>
internal sealed class ColumnSelection
{
    public const string DefaultTextColumn = "text";
    public const string DefaultLabelColumn = "label";
    public const string DefaultSplitColumn = "split";
    private const int ColumnsNamedInMessages = 20;

    private ColumnSelection(string textColumn, string labelColumn, string? splitColumn, bool isMapped)
    {
        TextColumn = textColumn;
        LabelColumn = labelColumn;
        SplitColumn = splitColumn;
        IsMapped = isMapped;
    }

    /// <summary>The column naming each row's part; without a mapping, "split" when the file has it.</summary>
    public string? SplitColumn { get; private set; }

    public string TextColumn { get; }

    public string LabelColumn { get; }

    public bool IsMapped { get; }

    public static ColumnSelection From(ColumnMapping? mapping, string task = DatasetTasks.TextClassification)
    {
        var selection = mapping is null
            ? new ColumnSelection(DatasetTasks.DefaultColumns(task).Text, DatasetTasks.DefaultColumns(task).Second, DefaultSplitColumn, isMapped: false)
            : new ColumnSelection(mapping.TextColumn ?? "", mapping.LabelColumn ?? "", string.IsNullOrEmpty(mapping.SplitColumn) ? null : mapping.SplitColumn, isMapped: true);
        selection._multiLabel = task == DatasetTasks.MultiLabel;
        return selection;
    }

    private bool _multiLabel;

    public bool IsUnknown(string column) => !IsMapped && column != TextColumn && column != LabelColumn && column != SplitColumn;

    /// <summary>
    /// Reads a split value: train/training, validation/valid/val/dev or test/testing, any case, surrounding
    /// whitespace ignored. Anything else is an error naming the row and the column.
    /// </summary>
    public SplitPart? ReadPart(long row, string value, ImportErrors errors)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "train" or "training": return SplitPart.Train;
            case "validation" or "valid" or "val" or "dev": return SplitPart.Validation;
            case "test" or "testing": return SplitPart.Test;
            default:
                errors.Add(row, SplitColumn!, $"'{value}' is not a split; use train, validation or test.");
                return null;
        }
    }

    public void ReportUnknown(long row, string column, ImportErrors errors) =>
        errors.Add(row, column, $"unknown column '{column}': without a column mapping the file may only have " +
            $"'{TextColumn}' and '{LabelColumn}' columns; map the text and label columns to ignore the others.");

    /// <summary>
    /// Checks the file's columns and finds the two it reads, or reports why it cannot.
    /// Unknown columns are reported here only when asked (CSV/TSV); JSON lines report them line by line.
    /// </summary>
    public ColumnPositions? Locate(IReadOnlyList<string> columns, ImportErrors errors, bool reportUnknownColumns)
    {
        var before = errors.Total;
        if (IsMapped) CheckMapping(columns, errors);
        else CheckRequiredColumns(columns, errors);
        if (errors.Total > before) return null;

        CheckAppearsOnce(TextColumn, columns, errors);
        CheckAppearsOnce(LabelColumn, columns, errors);
        if (SplitColumn is not null) CheckAppearsOnce(SplitColumn, columns, errors);
        if (reportUnknownColumns)
        {
            foreach (var column in columns.Where(IsUnknown)) ReportUnknown(0, column, errors);
        }
        if (errors.Total > before) return null;

        return new ColumnPositions(IndexOf(columns, TextColumn), IndexOf(columns, LabelColumn), SplitColumn is null ? -1 : IndexOf(columns, SplitColumn));
    }

    /// <summary>Only truly empty values are refused: whitespace is content and is kept as it is.</summary>
    public bool CheckNotEmpty(long row, string text, string label, ImportErrors errors)
    {
        if (text.Length == 0) errors.Add(row, TextColumn, $"The text ('{TextColumn}') is empty.");
        if (label.Length == 0) errors.Add(row, LabelColumn, $"The label ('{LabelColumn}') is empty.");
        else if (_multiLabel && label.Split(DatasetTasks.LabelSeparator).Any(l => l.Length == 0))
        {
            errors.Add(row, LabelColumn, $"The labels ('{LabelColumn}') '{label}' include an empty one; separate labels with a single '{DatasetTasks.LabelSeparator}'.");
            return false;
        }
        return text.Length > 0 && label.Length > 0;
    }

    public static string Describe(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) return "none";
        var named = string.Join(", ", columns.Take(ColumnsNamedInMessages).Select(c => $"'{c}'"));
        return columns.Count > ColumnsNamedInMessages ? $"{named} and {columns.Count - ColumnsNamedInMessages} more" : named;
    }

    private void CheckMapping(IReadOnlyList<string> columns, ImportErrors errors)
    {
        if (TextColumn == LabelColumn)
        {
            errors.AddForFile($"The text and the label are both mapped to '{TextColumn}'; map them to two different columns.");
            return;
        }
        var mapped = new List<(string, string)> { ("text", TextColumn), ("label", LabelColumn) };
        if (SplitColumn is not null) mapped.Add(("split", SplitColumn));
        foreach (var (role, column) in mapped)
        {
            if (!columns.Contains(column))
                errors.Add(0, column, $"The column '{column}' mapped to the {role} is not in the file. Its columns are: {Describe(columns)}.");
        }
    }

    private void CheckRequiredColumns(IReadOnlyList<string> columns, ImportErrors errors)
    {
        foreach (var column in new[] { TextColumn, LabelColumn })
        {
            if (!columns.Contains(column))
                errors.AddForFile($"The file has no '{column}' column. Its columns are: {Describe(columns)}. " +
                    "Rename the columns or map which ones hold the text and the label.");
        }
    }

    private static void CheckAppearsOnce(string column, IReadOnlyList<string> columns, ImportErrors errors)
    {
        var count = columns.Count(c => c == column);
        if (count > 1) errors.Add(0, column, $"The column '{column}' appears {count} times in the header; it must appear once.");
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == column) return i;
        }
        return -1;
    }
}
