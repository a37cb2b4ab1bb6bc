namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

public sealed record RankingScores(double MeanReciprocalRank, double RecallAt1, double RecallAt5);

// Retrieval scores for queries that each have exactly one relevant candidate: query i's is candidate i, the diagonal
// of the score matrix. A query's rank is 1 + the number of candidates scored strictly higher than its own, so a tie
// does not count against it.
public static class RankingMetrics
{
    // scores[query][candidate], square.
    public static IReadOnlyList<int> Ranks(IReadOnlyList<float[]> scores)
    {
        var ranks = new int[scores.Count];
        for (var query = 0; query < scores.Count; query++)
        {
            if (scores[query].Length != scores.Count)
                throw new ArgumentException($"Query {query} has {scores[query].Length} scores for {scores.Count} candidates.");
            var own = scores[query][query];
            ranks[query] = 1 + scores[query].Count(score => score > own);
        }
        return ranks;
    }

    public static RankingScores Score(IReadOnlyList<int> ranks) => ranks.Count == 0
        ? new RankingScores(0, 0, 0)
        : new RankingScores(ranks.Average(rank => 1.0 / rank), ranks.Count(rank => rank <= 1) / (double)ranks.Count, ranks.Count(rank => rank <= 5) / (double)ranks.Count);
}
