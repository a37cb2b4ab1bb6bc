using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tests.Support;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

[Collection(SentenceEmbeddingRunCollection.Name)]
public class SentenceEmbeddingTrainerTests(SentenceEmbeddingRunFixture run, ITestOutputHelper output)
{
    [Fact]
    public void Lora_fine_tuning_raises_validation_MRR_over_the_untuned_encoder()
    {
        run.Observer.Messages.ForEach(output.WriteLine);
        output.WriteLine($"untuned: {string.Join(", ", run.Untuned.Select(metric => $"{metric.Key} {metric.Value:F4}"))}");
        Assert.True(run.Result.Outcome == TrainingOutcome.Completed, run.Result.FailureReason);

        Assert.True(run.Untuned["val/mrr"] < 0.95, $"untuned MRR {run.Untuned["val/mrr"]:F3}: the task is too easy to show learning");
        Assert.True(run.Result.FinalMetrics["val/mrr"] > run.Untuned["val/mrr"],
            $"MRR {run.Result.FinalMetrics["val/mrr"]:F3} after fine-tuning vs {run.Untuned["val/mrr"]:F3} untuned");
        Assert.True(run.Result.FinalMetrics["val/loss"] < run.Untuned["val/loss"]);
        foreach (var key in new[] { "val/loss", "val/mrr", "val/recall_at_1", "val/recall_at_5" })
            Assert.Contains(run.Observer.Points, point => point.Key == key);
        Assert.Equal(TaskNames.SentenceEmbedding, CheckpointReader.ReadState(run.Checkpoint).Config.Task);
    }
}
