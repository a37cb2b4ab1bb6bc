using System.Globalization;

namespace TuneStudio.Storage;

/// <summary>
/// Collects a version's warnings as its rows stream past; memory grows by one 16-byte digest per distinct row, plus the
/// first few rows of each label (to name the rows of a label variant). <paramref name="nearMissLabels"/> turns on the
/// one-letter label-variant check (off for token tags).
/// </summary>
internal sealed class ReportBuilder(
    int maxTextLength = ValidationReport.DefaultMaxTextLength, int rareClassRows = ValidationReport.DefaultRareClassRows, bool nearMissLabels = true)
{
    // A label column mapped by mistake has a value a row; past this many labels their rows are not kept.
    private const int MaxLabelsWithRows = 2_000;
    private readonly Dictionary<string, Finding> _rowsByLabel = new(StringComparer.Ordinal);

    private readonly HashSet<UInt128> _rows = [];
    private readonly Finding _duplicates = new();
    private readonly Finding _empty = new();
    private readonly Finding _long = new();

    public void Add(long index, StoredRow row, IEnumerable<string> classes)
    {
        foreach (var label in classes)
        {
            if (!_rowsByLabel.TryGetValue(label, out var rows))
            {
                if (_rowsByLabel.Count >= MaxLabelsWithRows) continue;
                _rowsByLabel[label] = rows = new Finding();
            }
            rows.AddOnce(index);
        }
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

        // Such labels are usually one label typed two ways: the rows named are those of the rarer spellings.
        var counts = labelCounts.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        foreach (var group in LabelVariants.Groups(labelCounts.Select(c => c.Key).ToList(), nearMissLabels))
        {
            // The commonest spelling is taken as meant; on a tie, one without surrounding whitespace.
            var ordered = group.OrderByDescending(l => counts[l]).ThenBy(l => l == l.Trim() ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal).ToList();
            var spelled = string.Join(", ", ordered.Select(l => $"'{l}' ({counts[l]:N0})"));
            var how = LabelVariants.DifferOnlyByCaseOrSpace(group) ? "differ only by case or whitespace" : "look like one label typed differently";
            var rarer = ordered.Skip(1).ToList();
            var rows = rarer.SelectMany(l => _rowsByLabel.TryGetValue(l, out var f) ? f.Examples : []).Order().Take(ValidationReport.MaxRowsPerWarning).ToList();
            warnings.Add(new DatasetWarning(WarningKinds.LabelVariants,
                $"These labels {how}: {spelled}; the rows named are labelled {string.Join(" or ", rarer.Select(l => $"'{l}'"))}.", rarer.Sum(l => counts[l]), rows));
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

        public IReadOnlyList<long> Examples => _examples;

        // A multi-label row may name a class twice; count the row once.
        public void AddOnce(long index)
        {
            if (_examples.Count > 0 && _examples[^1] == index) return;
            Add(index);
        }

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
