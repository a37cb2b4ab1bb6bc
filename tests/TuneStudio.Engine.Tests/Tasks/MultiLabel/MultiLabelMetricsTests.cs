using TuneStudio.Engine.Tasks.MultiLabel;

namespace TuneStudio.Engine.Tests.Tasks.MultiLabel;

public class MultiLabelMetricsTests
{
    private static bool[] Row(params int[] decisions) => decisions.Select(decision => decision == 1).ToArray();

    [Fact]
    public void Scores_match_hand_computed_counts()
    {
        // Label 0: TP 2. Label 1: TP 2. Label 2: FP 1, FN 1. Micro: TP 4, FP 1, FN 1 → 8 / 10.
        // Macro: (1 + 1 + 0) / 3. One row of three exactly right. Two wrong decisions of nine.
        bool[][] truth = [Row(1, 0, 1), Row(0, 1, 0), Row(1, 1, 0)];
        bool[][] predicted = [Row(1, 0, 0), Row(0, 1, 1), Row(1, 1, 0)];

        var scores = MultiLabelMetrics.Score(truth, predicted);

        Assert.Equal(0.8, scores.MicroF1, 12);
        Assert.Equal(2.0 / 3, scores.MacroF1, 12);
        Assert.Equal(1.0 / 3, scores.SubsetAccuracy, 12);
        Assert.Equal(2.0 / 9, scores.HammingLoss, 12);
    }

    [Fact]
    public void All_negative_predictions_score_zero_F1_and_a_label_absent_everywhere_is_not_averaged()
    {
        bool[][] truth = [Row(1, 0), Row(0, 0)];
        var negative = MultiLabelMetrics.Score(truth, [Row(0, 0), Row(0, 0)]);
        var perfect = MultiLabelMetrics.Score(truth, truth);

        Assert.Equal(0, negative.MicroF1);
        Assert.Equal(0, negative.MacroF1);
        Assert.Equal(0.5, negative.SubsetAccuracy);
        Assert.Equal(0.25, negative.HammingLoss);
        Assert.Equal(1, perfect.MicroF1);
        Assert.Equal(1, perfect.MacroF1); // label 1 is in neither truth nor predictions: not a 0 in the mean
        Assert.Equal(0, perfect.HammingLoss);
    }

    [Fact]
    public void Best_threshold_maximises_the_labels_F1_over_its_own_probabilities()
    {
        // F1 at >= 0.9: 2/3; 0.8: 2/4; 0.3: 4/5; 0.2: 4/6.
        Assert.Equal(0.3f, MultiLabelMetrics.BestThreshold([0.9f, 0.8f, 0.3f, 0.2f], [true, false, true, false]), 6);
        // 0.8 and 0.2 both give 2/3: the higher wins.
        Assert.Equal(0.8f, MultiLabelMetrics.BestThreshold([0.8f, 0.6f, 0.4f, 0.2f], [true, false, false, true]), 6);
        // Equal probabilities are predicted together: 0.5 gives 2/3, never the 1.0 of splitting the tie.
        Assert.Equal(0.5f, MultiLabelMetrics.BestThreshold([0.5f, 0.5f, 0.1f], [true, false, false]), 6);
        Assert.Equal(0.5, MultiLabelMetrics.BestThreshold([0.9f, 0.1f], [false, false]));
    }
}
