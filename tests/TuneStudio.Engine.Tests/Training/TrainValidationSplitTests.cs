using TuneStudio.Engine;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class TrainValidationSplitTests
{
    private static readonly IReadOnlyList<TextExample> Examples =
        Enumerable.Range(0, 100).Select(i => new TextExample($"text {i}", i < 90 ? 0 : 1)).ToList();

    [Fact]
    public void Each_label_gives_its_share_to_validation()
    {
        var split = TrainValidationSplit.Create(Examples, 0.2, seed: 1);

        Assert.Equal(18, split.Validation.Count(example => example.Label == 0));
        Assert.Equal(2, split.Validation.Count(example => example.Label == 1));
        Assert.Equal(80, split.Train.Count);
        Assert.Empty(split.Train.Intersect(split.Validation));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var first = TrainValidationSplit.Create(Examples, 0.2, seed: 1);
        var again = TrainValidationSplit.Create(Examples, 0.2, seed: 1);
        var other = TrainValidationSplit.Create(Examples, 0.2, seed: 2);

        Assert.Equal(first.Validation, again.Validation);
        Assert.NotEqual(first.Validation, other.Validation);
    }
}
