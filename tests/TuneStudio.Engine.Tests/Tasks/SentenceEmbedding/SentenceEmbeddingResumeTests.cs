using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

public class SentenceEmbeddingResumeTests
{
    [Fact]
    public void Lora_run_resumed_after_cancel_matches_the_uninterrupted_one_bit_for_bit()
    {
        var pairs = WordNetPairs.All();
        var train = pairs.Take(48).ToList();
        var validation = pairs.Skip(48).Take(16).ToList();
        var config = SentenceEmbeddingRunFixture.Config with
        {
            BatchSize = 8, Epochs = 2, MaxSequenceLength = 24, LabelSmoothing = 0.05,
            Checkpoints = new CheckpointOptions { EverySteps = 3, EachEpoch = true },
        };
        SentenceEmbeddingJob Job(string root) => new(config, train, root) { ValidationExamples = validation };
        using var straightRoot = new TemporaryDirectory();
        using var interruptedRoot = new TemporaryDirectory();
        var straight = new RecordingObserver();
        var full = SentenceEmbeddingTrainer.Run(Job(straightRoot.Path), straight, CancellationToken.None);
        Assert.True(full.Outcome == TrainingOutcome.Completed, full.FailureReason);

        using var cancellation = new CancellationTokenSource();
        var firstPart = new RecordingObserver(points => { if (points[0].Step == 8) cancellation.Cancel(); });
        Assert.Equal(TrainingOutcome.Cancelled, SentenceEmbeddingTrainer.Run(Job(interruptedRoot.Path), firstPart, cancellation.Token).Outcome);
        var resumedFrom = CheckpointFiles.List(interruptedRoot.Path)[^1];
        var resumedStep = CheckpointReader.ReadState(resumedFrom).Step;
        var secondPart = new RecordingObserver();
        var resumed = SentenceEmbeddingTrainer.Resume(Job(interruptedRoot.Path), resumedFrom, secondPart, CancellationToken.None);

        Assert.True(resumed.Outcome == TrainingOutcome.Completed, resumed.FailureReason);
        Assert.Equal(6, resumedStep); // mid-epoch (six steps an epoch): the data position is restored too
        foreach (var key in new[] { "train/loss", "val/loss", "val/mrr", "val/recall_at_1", "val/recall_at_5" })
            Assert.Equal(
                CancelledThenResumed.Bits(straight.Points.Where(point => point.Step > resumedStep && point.Key == key).Select(point => point.Value)),
                CancelledThenResumed.Bits(secondPart.Values(key)));
        Assert.NotEmpty(secondPart.Values("val/mrr"));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(CheckpointFiles.List(straightRoot.Path)[^1], CheckpointFiles.Weights)),
            File.ReadAllBytes(Path.Combine(CheckpointFiles.List(interruptedRoot.Path)[^1], CheckpointFiles.Weights)));
    }
}
