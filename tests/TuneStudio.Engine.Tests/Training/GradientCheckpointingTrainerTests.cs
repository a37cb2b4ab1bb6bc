using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

// gradientCheckpointing through the real trainer on MiniLM (dropout 0.1 in every layer, as shipped): the same run
// as without it, and a resumed checkpointed run equal to an uninterrupted one bit for bit.
public class GradientCheckpointingTrainerTests
{
    // 120 names: 96 train, 6 steps per epoch; a checkpoint every 2 steps.
    private static readonly TrainingConfig Config = new()
    {
        Model = MiniLmDefinition.Id, Method = FineTuneMethod.Lora, LearningRate = 2e-3, BatchSize = 16, Epochs = 1, MaxSequenceLength = 12, Seed = 9,
        GradientCheckpointing = true, Checkpoints = new CheckpointOptions { EverySteps = 2 },
    };

    private const int Take = 120;

    [Theory]
    [InlineData(FineTuneMethod.Lora, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.Full, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.Lora, PrecisionKind.Bfloat16)]
    public void A_checkpointed_run_trains_like_a_plain_one(FineTuneMethod method, PrecisionKind precision)
    {
        var (examples, labels) = TestData.FirstNames();
        var subset = examples.Take(Take).ToList();
        var config = Config with { Method = method, Precision = precision };
        using var plainRoot = new TemporaryDirectory();
        using var checkpointedRoot = new TemporaryDirectory();
        var plain = new RecordingObserver();
        var checkpointed = new RecordingObserver();

        TextClassificationTrainer.Run(new TrainingJob(config with { GradientCheckpointing = false }, subset, labels, plainRoot.Path), plain, CancellationToken.None);
        var result = TextClassificationTrainer.Run(new TrainingJob(config, subset, labels, checkpointedRoot.Path), checkpointed, CancellationToken.None);

        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        Assert.Contains(checkpointed.Messages, message => message.StartsWith("Gradient checkpointing: 6 encoder layers", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.Messages, message => message.StartsWith("Gradient checkpointing", StringComparison.Ordinal));
        var expected = plain.Values("train/loss");
        var actual = checkpointed.Values("train/loss");
        Assert.Equal(expected.Count, actual.Count);
        // The first step's loss comes from the same forward; later ones from weights updated with gradients equal
        // to within float rounding.
        Assert.Equal(expected[0], actual[0]);
        Assert.All(expected.Zip(actual), pair => Assert.InRange(pair.Second, pair.First - 1e-5, pair.First + 1e-5));
        Assert.All(plain.Values("train/grad_norm").Zip(checkpointed.Values("train/grad_norm")),
            pair => Assert.InRange(pair.Second, pair.First - 1e-5 * pair.First, pair.First + 1e-5 * pair.First));
        // The same parameters trained (for LoRA: adapters and head, no frozen weight).
        var initial = CheckpointWeights.Initial(config, labels.Count);
        Assert.Equal(CheckpointWeights.Changed(initial, CheckpointWeights.Of(CheckpointFiles.List(plainRoot.Path)[^1])),
            CheckpointWeights.Changed(initial, CheckpointWeights.Of(CheckpointFiles.List(checkpointedRoot.Path)[^1])));
    }

    [Fact]
    public void A_token_classifier_checkpoints_every_encoder_layer()
    {
        using var model = FineTuneSetup.CreateModel(Config with { Task = TaskNames.TokenClassification }, labelCount: 5);
        using var plain = FineTuneSetup.CreateModel(Config with { GradientCheckpointing = false }, labelCount: 2);

        Assert.Equal(6, FineTuneSetup.CheckpointedLayers(model));
        Assert.Equal(0, FineTuneSetup.CheckpointedLayers(plain));
    }

    [Fact]
    public void A_checkpointed_run_resumes_bit_identically()
    {
        var (examples, labels) = TestData.FirstNames();
        using var run = CancelledThenResumed.At(3, Config, examples.Take(Take).ToList(), labels);

        Assert.Equal("epoch-1-step-2", Path.GetFileName(run.ResumedFrom));
        Assert.Equal(TrainingOutcome.Completed, run.Resumed.Outcome);
        Assert.Equal(Bits(run.Straight.Values("train/loss").Skip(2)), Bits(run.ResumedPart.Values("train/loss")));
        Assert.Equal(run.Straight.Values("val/loss"), run.ResumedPart.Values("val/loss"));
        Assert.True(run.FinalWeightFilesEqual, "final weights differ");
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
