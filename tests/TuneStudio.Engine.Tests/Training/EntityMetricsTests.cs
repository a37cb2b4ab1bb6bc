using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class EntityMetricsTests
{
    [Fact]
    public void Spans_follow_iob2_chunking()
    {
        Assert.Equal([new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 3, 4)], EntityMetrics.Spans(["B-PER", "I-PER", "O", "B-LOC"]));
        // B after I starts a new entity; I of another type too; a stray I starts one (as seqeval's default mode does).
        Assert.Equal([new EntitySpan("PER", 0, 1), new EntitySpan("PER", 1, 2)], EntityMetrics.Spans(["B-PER", "B-PER"]));
        Assert.Equal([new EntitySpan("PER", 0, 1), new EntitySpan("LOC", 1, 2)], EntityMetrics.Spans(["B-PER", "I-LOC"]));
        Assert.Equal([new EntitySpan("ORG", 1, 3)], EntityMetrics.Spans(["O", "I-ORG", "I-ORG"]));
        Assert.Empty(EntityMetrics.Spans(["O", "O"]));
    }

    [Fact]
    public void Scores_match_seqevals_documented_example()
    {
        // seqeval's README: f1_score(y_true, y_pred) == 0.50 for these.
        string[][] truth = [["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]];
        string[][] predicted = [["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]];

        var scores = EntityMetrics.Score(truth, predicted);

        Assert.Equal(0.5, scores.Precision);
        Assert.Equal(0.5, scores.Recall);
        Assert.Equal(0.5, scores.F1);
        Assert.Equal(8 / 10.0, scores.TokenAccuracy);
    }

    [Fact]
    public void A_partly_found_entity_counts_as_missed_and_no_predictions_score_zero()
    {
        string[][] truth = [["B-PER", "I-PER", "O", "B-LOC"]];

        var partly = EntityMetrics.Score(truth, [["B-PER", "O", "O", "B-LOC"]]);
        var nothing = EntityMetrics.Score(truth, [["O", "O", "O", "O"]]);

        Assert.Equal((0.5, 0.5, 0.5, 0.75), (partly.Precision, partly.Recall, partly.F1, partly.TokenAccuracy));
        Assert.Equal((0.0, 0.0, 0.0, 0.25), (nothing.Precision, nothing.Recall, nothing.F1, nothing.TokenAccuracy));
    }
}
