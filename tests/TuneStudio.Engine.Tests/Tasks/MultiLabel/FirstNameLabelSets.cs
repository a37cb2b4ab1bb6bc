using TuneStudio.Engine.Tasks.MultiLabel;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Tasks.MultiLabel;

// A small, real multi-label set from tests/data/first-names.csv: each name's gender from the source lists, plus
// "ends-with-vowel" (a, e, i, o, u or y last) and "short" (five letters or fewer), derived from its letters, as
// stored rows ("Mollee", "female|ends-with-vowel") turned into examples the way the studio would.
public static class FirstNameLabelSets
{
    public static readonly string[] Labels = ["female", "male", "ends-with-vowel", "short"];

    public static IReadOnlyList<(string Text, string Label)> Rows()
    {
        var (examples, genders) = TestData.FirstNames();
        return examples.Select(example =>
        {
            var classes = new List<string> { genders[example.Label] };
            if ("aeiouy".Contains(char.ToLowerInvariant(example.Text[^1]))) classes.Add("ends-with-vowel");
            if (example.Text.Length <= 5) classes.Add("short");
            return (example.Text, string.Join('|', classes));
        }).ToList();
    }

    // Every fifth row validates: a fixed split the test can score baselines on.
    public static (IReadOnlyList<MultiLabelExample> Train, IReadOnlyList<MultiLabelExample> Validation) Split(int take = int.MaxValue)
    {
        var examples = MultiLabelRows.ToExamples(Rows().Take(take), Labels);
        return (examples.Where((_, i) => i % 5 != 0).ToList(), examples.Where((_, i) => i % 5 == 0).ToList());
    }

    public static bool[] Decisions(MultiLabelExample example)
    {
        var row = new bool[Labels.Length];
        foreach (var label in example.Classes) row[label] = true;
        return row;
    }
}
