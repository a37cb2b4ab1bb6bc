using TuneStudio.Engine.Tasks.SentenceEmbedding;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

public class RankingMetricsTests
{
    [Fact]
    public void Ranks_count_only_strictly_higher_candidates_and_scores_follow_from_them()
    {
        float[][] scores =
        [
            [0.9f, 0.1f, 0.5f], // own 0.9, the highest: rank 1
            [0.8f, 0.3f, 0.6f], // own 0.3, below 0.8 and 0.6: rank 3
            [0.2f, 0.7f, 0.7f], // own 0.7, tied with 0.7: rank 1
        ];

        var ranks = RankingMetrics.Ranks(scores);
        var result = RankingMetrics.Score(ranks);

        Assert.Equal([1, 3, 1], ranks);
        Assert.Equal((1 + 1.0 / 3 + 1) / 3, result.MeanReciprocalRank, 12);
        Assert.Equal(2.0 / 3, result.RecallAt1, 12);
        Assert.Equal(1.0, result.RecallAt5, 12);
    }

    [Fact]
    public void A_sixth_place_counts_for_MRR_but_not_recall_at_5()
    {
        var result = RankingMetrics.Score([6, 1, 1, 1, 1, 1]);

        Assert.Equal((1.0 / 6 + 5) / 6, result.MeanReciprocalRank, 12);
        Assert.Equal(5.0 / 6, result.RecallAt1, 12);
        Assert.Equal(5.0 / 6, result.RecallAt5, 12);
    }

    [Fact]
    public void Ranking_loss_is_cross_entropy_over_scaled_cosine_similarities_against_the_diagonal()
    {
        using var scope = NewDisposeScope();
        // Similarities [[0.6, 0.8], [0.8, 0.6]] × 20 = [[12, 16], [16, 12]]: each row's own score is 4 below the other,
        // so each loss is log(1 + e⁴).
        var anchors = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        var positives = tensor(new float[] { 0.6f, 0.8f, 0.8f, 0.6f }, [2, 2]);

        var loss = SentenceEmbeddingTask.RankingLoss(anchors, positives, 0, nn.Reduction.Mean).item<float>();

        Assert.Equal(Math.Log(1 + Math.Exp(4)), loss, 5);
    }
}
