namespace TuneStudio.Engine.Tasks;

// Row checks and lookups several tasks share.
public static class TaskRows
{
    public static Dictionary<string, int> LabelIndex(IReadOnlyList<string> labels) =>
        labels.Select((label, index) => (label, index)).ToDictionary(entry => entry.label, entry => entry.index, StringComparer.Ordinal);

    // A row whose label is not one of the job's labels, by its 1-based position among the rows.
    public static IEnumerable<string> UnknownLabels(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels, int limit = 20)
    {
        var known = labels.ToHashSet(StringComparer.Ordinal);
        return rows.Select((row, index) => (row, index))
            .Where(entry => !known.Contains(entry.row.Label))
            .Take(limit)
            .Select(entry => $"Row {entry.index + 1}: label '{entry.row.Label}' is not one of the version's labels.");
    }
}
