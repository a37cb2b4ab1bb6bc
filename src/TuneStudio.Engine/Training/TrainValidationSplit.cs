namespace TuneStudio.Engine.Training;

public sealed record TrainValidationSplit<TExample>(IReadOnlyList<TExample> Train, IReadOnlyList<TExample> Validation)
{
    // Positions in the examples the split was made from that went to validation, ascending; null when the
    // validation examples were given rather than held out.
    public IReadOnlyList<int>? HeldOut { get; init; }
}

// A seeded, stratified split: each label gives the same fraction of its examples to validation,
// so a rare label is not left out of the validation set by chance.
public static class TrainValidationSplit
{
    public static TrainValidationSplit<TExample> Create<TExample>(IReadOnlyList<TExample> examples, double validationFraction, int seed)
        where TExample : ILabelledExample
    {
        var random = new Random(seed);
        var validationIndices = new SortedSet<int>();
        foreach (var group in Enumerable.Range(0, examples.Count).GroupBy(i => examples[i].Label).OrderBy(g => g.Key))
        {
            var indices = group.ToArray();
            random.Shuffle(indices);
            // A label with one example trains; otherwise both sides get at least one.
            var take = indices.Length < 2 ? 0 : Math.Clamp((int)Math.Round(indices.Length * validationFraction), 1, indices.Length - 1);
            validationIndices.UnionWith(indices.Take(take));
        }

        if (validationIndices.Count == 0 && examples.Count >= 2)
            validationIndices.Add(random.Next(examples.Count));

        var train = Enumerable.Range(0, examples.Count).Where(i => !validationIndices.Contains(i)).Select(i => examples[i]).ToList();
        var validation = validationIndices.Select(i => examples[i]).ToList();
        return new TrainValidationSplit<TExample>(train, validation) { HeldOut = [.. validationIndices] };
    }
}
