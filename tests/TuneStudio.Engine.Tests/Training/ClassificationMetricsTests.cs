using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class ClassificationMetricsTests
{
    [Fact]
    public void Accuracy_is_the_share_of_correct_predictions()
    {
        Assert.Equal(0.75, ClassificationMetrics.Accuracy([0, 1, 1, 0], [0, 1, 0, 0]));
    }

    [Fact]
    public void Macro_F1_averages_per_label_F1_without_weighting()
    {
        // label 0: tp 2, fp 1, fn 0 -> 0.8; label 1: tp 1, fp 0, fn 1 -> 2/3
        var f1 = ClassificationMetrics.MacroF1([0, 0, 1, 1], [0, 0, 1, 0]);

        Assert.Equal((0.8 + 2.0 / 3) / 2, f1, 12);
    }

    [Fact]
    public void Macro_F1_counts_labels_that_only_appear_in_predictions()
    {
        // label 2 is predicted once but never true: its F1 is 0 and it pulls the mean down.
        var f1 = ClassificationMetrics.MacroF1([0, 1], [0, 2]);

        Assert.Equal((1.0 + 0 + 0) / 3, f1, 12);
    }
}
