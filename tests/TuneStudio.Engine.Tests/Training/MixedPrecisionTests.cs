using TorchSharp;
using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Training;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Training;

// precision "bfloat16": forward and backward in bfloat16, float32 master weights. The tolerances are the ones
// docs/benchmarks.md states for the tiny transformer on first names.
public class MixedPrecisionTests
{
    // 400 names: 320 train, 10 steps per epoch; dropout on, so torch's generator matters for resume.
    private static readonly TrainingConfig Config = new()
    {
        Epochs = 3, BatchSize = 32, MaxSequenceLength = 16, Seed = 5, LearningRate = 3e-3, WarmupSteps = 3, Schedule = ScheduleKind.Cosine,
        Checkpoints = new CheckpointOptions { EverySteps = 4 },
    };

    private const int Take = 400;
    // Loss: epoch means and validation loss; accuracy: 2 of the 80 validation names.
    private const double LossTolerance = PrecisionSupport.LossTolerance, AccuracyTolerance = PrecisionSupport.AccuracyTolerance;

    [Fact]
    public void Bfloat16_training_stays_within_the_stated_tolerance_of_float32()
    {
        var (examples, labels) = TestData.FirstNames();
        var subset = examples.Take(Take).ToList();
        using var float32Root = new TemporaryDirectory();
        using var bfloat16Root = new TemporaryDirectory();
        var float32 = new RecordingObserver();
        var bfloat16 = new RecordingObserver();

        TextClassificationTrainer.Run(new TrainingJob(Config, subset, labels, float32Root.Path), float32, CancellationToken.None);
        var result = TextClassificationTrainer.Run(new TrainingJob(Config with { Precision = PrecisionKind.Bfloat16 }, subset, labels, bfloat16Root.Path),
            bfloat16, CancellationToken.None);

        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        Assert.Contains(bfloat16.Messages, message => message.Contains("bfloat16", StringComparison.Ordinal));
        // It learned (the first epoch's loss fell), and every epoch ends near float32's.
        var float32Losses = EpochMeans(float32.Values("train/loss"));
        var bfloat16Losses = EpochMeans(bfloat16.Values("train/loss"));
        Assert.True(bfloat16Losses[^1] < bfloat16Losses[0] - 0.02, $"bfloat16 did not learn: {string.Join(", ", bfloat16Losses)}");
        Assert.All(float32Losses.Zip(bfloat16Losses), pair => Assert.InRange(pair.Second, pair.First - LossTolerance, pair.First + LossTolerance));
        Assert.All(float32.Values("val/loss").Zip(bfloat16.Values("val/loss")), pair => Assert.InRange(pair.Second, pair.First - LossTolerance, pair.First + LossTolerance));
        Assert.All(float32.Values("val/accuracy").Zip(bfloat16.Values("val/accuracy")),
            pair => Assert.InRange(pair.Second, pair.First - AccuracyTolerance, pair.First + AccuracyTolerance));
        // Not float32 under another name: the bfloat16 forward pass gives different losses.
        Assert.NotEqual(float32.Values("train/loss"), bfloat16.Values("train/loss"));
    }

    [Fact]
    public void Bfloat16_checkpoints_hold_float32_masters_that_keep_updates_below_bfloat16_resolution()
    {
        var (examples, labels) = TestData.FirstNames();
        using var root = new TemporaryDirectory();
        var config = Config with { Precision = PrecisionKind.Bfloat16, Epochs = 1 };
        TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(Take).ToList(), labels, root.Path), new RecordingObserver(), CancellationToken.None);

        var checkpoint = CheckpointFiles.List(root.Path)[^1];
        using var weights = Safetensors.Read(Path.Combine(checkpoint, CheckpointFiles.Weights));
        Assert.All(weights.Tensors, entry => Assert.Equal(torch.ScalarType.Float32, entry.Value.dtype));
        // Masters kept in bfloat16 would survive a round trip through bfloat16 unchanged; float32 ones do not.
        var trained = weights.Tensors.Values.Where(tensor => tensor.dim() >= 2).ToList();
        var lostToRounding = trained.Sum(tensor =>
        {
            using var roundTrip = tensor.to_type(torch.ScalarType.BFloat16).to_type(torch.ScalarType.Float32);
            using var differs = roundTrip.ne(tensor);
            return differs.sum().item<long>();
        });
        Assert.True(lostToRounding > trained.Sum(tensor => tensor.numel()) / 2, $"only {lostToRounding} weights carry float32 precision");
        // The initial weights differ from the final ones: the masters trained.
        Assert.NotEmpty(CheckpointWeights.Changed(CheckpointWeights.Initial(config, labels.Count), CheckpointWeights.Of(checkpoint)));
    }

    // Gradual unfreezing changes the trainable set mid-run; the working copy must follow it.
    [Theory]
    [InlineData(FineTuneMethod.GradualUnfreeze)]
    [InlineData(FineTuneMethod.Lora)]
    public void Bfloat16_trains_exactly_the_parameters_float32_trains(FineTuneMethod method)
    {
        var (examples, labels) = TestData.FirstNames();
        var config = Config with { Method = method, Epochs = 1, UnfreezeEvery = 4, UnfreezeUnit = UnfreezeUnit.Steps };
        var initial = CheckpointWeights.Initial(config, labels.Count);
        IReadOnlyList<string> Trained(TrainingConfig runConfig)
        {
            using var root = new TemporaryDirectory();
            TextClassificationTrainer.Run(new TrainingJob(runConfig, examples.Take(Take).ToList(), labels, root.Path), new RecordingObserver(), CancellationToken.None);
            return CheckpointWeights.Changed(initial, CheckpointWeights.Of(CheckpointFiles.List(root.Path)[^1]));
        }

        var float32 = Trained(config);
        var bfloat16 = Trained(config with { Precision = PrecisionKind.Bfloat16 });

        Assert.NotEmpty(float32);
        Assert.Equal(float32, bfloat16);
    }

    [Fact]
    public void Bfloat16_resume_after_cancel_gives_identical_losses_and_final_weights()
    {
        var (examples, labels) = TestData.FirstNames();
        var config = Config with { Precision = PrecisionKind.Bfloat16, Epochs = 2 };
        using var run = CancelledThenResumed.At(6, config, examples.Take(Take).ToList(), labels);

        Assert.Equal("epoch-1-step-4", Path.GetFileName(run.ResumedFrom));
        Assert.Equal(TrainingOutcome.Completed, run.Resumed.Outcome);
        Assert.Equal(Bits(run.Straight.Values("train/loss").Skip(4)), Bits(run.ResumedPart.Values("train/loss")));
        Assert.Equal(run.Straight.Values("val/loss"), run.ResumedPart.Values("val/loss"));
        Assert.True(run.FinalWeightFilesEqual, "final weights differ");
    }

    private const int StepsPerEpoch = 10;

    private static double[] EpochMeans(IReadOnlyList<double> losses) =>
        losses.Chunk(StepsPerEpoch).Select(epoch => epoch.Average()).ToArray();

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
