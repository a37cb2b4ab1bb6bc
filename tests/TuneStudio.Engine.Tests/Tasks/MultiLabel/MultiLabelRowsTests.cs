using TuneStudio.Engine.Tasks.MultiLabel;

namespace TuneStudio.Engine.Tests.Tasks.MultiLabel;

public class MultiLabelRowsTests
{
    private static readonly string[] Labels = ["politics", "sports", "tech"];

    [Fact]
    public void Rows_become_class_sets_in_row_order_with_repeats_dropped()
    {
        var examples = MultiLabelRows.ToExamples([("a", "tech|sports"), ("b", "politics"), ("c", "sports|sports")], Labels);

        Assert.Equal([2, 1], examples[0].Classes);
        Assert.Equal(2, examples[0].Label);
        Assert.Equal([0], examples[1].Classes);
        Assert.Equal([1], examples[2].Classes);
    }

    [Fact]
    public void A_row_with_an_unknown_label_is_refused_naming_the_row_and_the_label()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            MultiLabelRows.ToExamples([("a", "tech"), ("b", "sports"), ("c", "sports|weather")], Labels));

        Assert.Contains("Row 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'weather'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_without_a_label_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiLabelRows.ToExamples([("a", "tech"), ("b", "")], Labels));

        Assert.Contains("Row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_whose_example_has_a_class_outside_the_labels_fails_before_training()
    {
        using var directory = new Support.TemporaryDirectory();
        var examples = new[] { new MultiLabelExample("a", [0]), new MultiLabelExample("b", [1, 5]), new MultiLabelExample("c", [1]) };
        var result = MultiLabelClassificationTrainer.Run(new MultiLabelTrainingJob(new TrainingConfig { Epochs = 1 }, examples, Labels, directory.Path),
            new Support.RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Contains("outside 0..2", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, result.Steps);
    }
}
