using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

public class SentenceEmbeddingMethodTests
{
    private static readonly TrainingConfig Config = SentenceEmbeddingRunFixture.Config with { Epochs = 1 };

    [Theory]
    [InlineData(FineTuneMethod.HeadOnly)]
    [InlineData(FineTuneMethod.GradualUnfreeze)]
    public void Methods_that_start_with_the_head_alone_are_refused_before_a_step(FineTuneMethod method)
    {
        using var directory = new TemporaryDirectory();

        var result = SentenceEmbeddingTrainer.Run(new SentenceEmbeddingJob(Config with { Method = method }, WordNetPairs.All().Take(8).ToList(), directory.Path),
            new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Contains(method.ToString(), result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, result.Steps);
    }

    [Fact]
    public void A_model_without_a_sentence_encoder_is_refused()
    {
        using var directory = new TemporaryDirectory();

        var result = SentenceEmbeddingTrainer.Run(new SentenceEmbeddingJob(Config with { Model = "tiny-transformer", Method = FineTuneMethod.Full },
            WordNetPairs.All().Take(8).ToList(), directory.Path), new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Contains("no sentence encoder", result.FailureReason, StringComparison.Ordinal);
    }
}
