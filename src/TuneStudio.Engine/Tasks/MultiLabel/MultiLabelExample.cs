namespace TuneStudio.Engine.Tasks.MultiLabel;

// One text with every class it belongs to: indices into the job's labels, each once, in the row's order. Label is its
// first class, which the shared recipe's stratified split spreads over training and validation (-1 for a row with no
// class, which the recipe's checks refuse).
public sealed record MultiLabelExample(string Text, IReadOnlyList<int> Classes) : ILabelledExample
{
    public int Label => Classes.Count > 0 ? Classes[0] : -1;
}

// Stored multi-label rows (text, "a|b") as examples for a run's labels.
public static class MultiLabelRows
{
    public const char Separator = '|';

    // Refuses, naming the 1-based row and the label, a row that lists a label the run does not have (the dataset
    // changed after the run's labels were read) or lists none: training on it would silently drop the class.
    public static IReadOnlyList<MultiLabelExample> ToExamples(IEnumerable<(string Text, string Label)> rows, IReadOnlyList<string> labels)
    {
        var indexOf = labels.Select((label, index) => (label, index)).ToDictionary(pair => pair.label, pair => pair.index, StringComparer.Ordinal);
        var examples = new List<MultiLabelExample>();
        var row = 0;
        foreach (var (text, label) in rows)
        {
            row++;
            if (label.Length == 0) throw new ArgumentException($"Row {row} has no label.");
            var classes = new List<int>();
            foreach (var name in label.Split(Separator))
            {
                if (!indexOf.TryGetValue(name, out var index))
                    throw new ArgumentException($"Row {row}: label '{name}' (in '{label}') is not one of this run's labels: {string.Join(", ", labels)}.");
                if (!classes.Contains(index)) classes.Add(index);
            }
            examples.Add(new MultiLabelExample(text, classes));
        }
        return examples;
    }
}
