using System.Globalization;

namespace TuneStudio.Storage;

/// <summary>Collects a version's warnings as its rows stream past; memory grows by one 16-byte digest per distinct row.</summary>
internal sealed class ReportBuilder(int maxTextLength = ValidationReport.DefaultMaxTextLength, int rareClassRows = ValidationReport.DefaultRareClassRows)
{
    private readonly HashSet<UInt128> _rows = [];
    private readonly Finding _duplicates = new();
    private readonly Finding _empty = new();
    private readonly Finding _long = new();

    public void Add(long index, StoredRow row)
    {
        if (!_rows.Add(RowDigest.Of(row.Text, row.Label))) _duplicates.Add(index);
        if (string.IsNullOrWhiteSpace(row.Text)) _empty.Add(index);
        if (row.Text.Length > maxTextLength) _long.Add(index);
    }

    public ValidationReport Finish(IReadOnlyList<KeyValuePair<string, long>> labelCounts, IEnumerable<DatasetWarning> more)
    {
        var warnings = new List<DatasetWarning>();
        _duplicates.Report(warnings, WarningKinds.DuplicateRows, n => $"{n:N0} row(s) repeat an earlier row's text and label.");
        _empty.Report(warnings, WarningKinds.EmptyText, n => $"{n:N0} row(s) have an empty or whitespace-only text.");
        _long.Report(warnings, WarningKinds.LongText, n => $"{n:N0} row(s) are longer than {maxTextLength:N0} characters.");

        // Labels that differ only by case or surrounding whitespace are usually one label typed two ways.
        foreach (var group in labelCounts.GroupBy(c => c.Key.Trim().ToLowerInvariant()).Where(g => g.Count() > 1))
        {
            var spelled = string.Join(", ", group.Select(c => $"'{c.Key}' ({c.Value:N0})"));
            warnings.Add(new DatasetWarning(WarningKinds.LabelVariants, $"These labels differ only by case or whitespace: {spelled}.", group.Count(), []));
        }
        foreach (var (label, count) in labelCounts.Where(c => c.Value < rareClassRows))
            warnings.Add(new DatasetWarning(WarningKinds.RareClass, $"The label '{label}' has only {count:N0} row(s) (fewer than {rareClassRows:N0}).", count, []));

        var ratio = labelCounts.Count == 0 ? 1 : (double)labelCounts.Max(c => c.Value) / labelCounts.Min(c => c.Value);
        if (ratio > ValidationReport.ImbalanceWarningRatio)
        {
            warnings.Add(new DatasetWarning(WarningKinds.ClassImbalance,
                $"The largest class has {ratio.ToString("0.#", CultureInfo.InvariantCulture)}× the rows of the smallest.", labelCounts.Count, []));
        }
        warnings.AddRange(more);
        return new ValidationReport(warnings, maxTextLength, rareClassRows, ratio);
    }

    /// <summary>How many rows a check found, with the first few as examples: added by 0-based position, reported by 1-based row number.</summary>
    internal sealed class Finding
    {
        private readonly List<long> _examples = [];

        public long Count { get; private set; }

        public void Add(long index)
        {
            Count++;
            if (_examples.Count < ValidationReport.MaxRowsPerWarning) _examples.Add(index);
        }

        public void Report(List<DatasetWarning> warnings, string kind, Func<long, string> message)
        {
            if (Count > 0) warnings.Add(new DatasetWarning(kind, message(Count), Count, _examples.Select(index => index + 1).ToList()));
        }
    }
}
