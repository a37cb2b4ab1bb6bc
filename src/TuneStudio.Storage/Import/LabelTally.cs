namespace TuneStudio.Storage.Import;

/// <summary>How many rows carry each label. Labels are listed in ordinal order, so the order never depends on the file's row order or the culture.</summary>
internal sealed class LabelTally
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public int Distinct => _counts.Count;

    public void Add(string label) => _counts[label] = _counts.GetValueOrDefault(label) + 1;

    public IReadOnlyList<KeyValuePair<string, long>> Counts => _counts.ToList();
}
