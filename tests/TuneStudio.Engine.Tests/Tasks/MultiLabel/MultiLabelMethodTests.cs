using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tasks.MultiLabel;
using TuneStudio.Engine.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Tasks.MultiLabel;

// Every method text classification offers, and bfloat16, train the multi-label task through FineTuneSetup.
public class MultiLabelMethodTests
{
    private static readonly TrainingConfig Short = new()
    {
        Model = "tiny-transformer", LearningRate = 3e-3, BatchSize = 32, Epochs = 2, Seed = 5, WarmupSteps = 0, MaxSequenceLength = 16,
        TrainableTopLayers = 1, UnfreezeEvery = 2, UnfreezeUnit = UnfreezeUnit.Steps,
        Checkpoints = new CheckpointOptions { EachEpoch = false, KeepLast = 1 },
    };

    [Theory]
    [InlineData(FineTuneMethod.Full, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.Lora, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.Freeze, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.BitFit, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.HeadOnly, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.GradualUnfreeze, PrecisionKind.Float32)]
    [InlineData(FineTuneMethod.Full, PrecisionKind.Bfloat16)]
    public void Method_trains_the_multi_label_head_with_finite_losses(FineTuneMethod method, PrecisionKind precision)
    {
        var (train, validation) = FirstNameLabelSets.Split(take: 120);
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();

        var result = MultiLabelClassificationTrainer.Run(
            new MultiLabelTrainingJob(Short with { Method = method, Precision = precision }, train, FirstNameLabelSets.Labels, directory.Path) { ValidationExamples = validation },
            observer, CancellationToken.None);

        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        Assert.All(observer.Values("train/loss"), loss => Assert.True(double.IsFinite(loss)));
        Assert.Equal(0, result.FinalMetrics["train/skipped_steps"]);
        var checkpoint = CheckpointFiles.List(directory.Path)[^1];
        using var weights = Safetensors.Read(Path.Combine(checkpoint, CheckpointFiles.Weights));
        // One logit per class, and float32 masters whatever the step's precision.
        Assert.Contains(weights.Tensors, entry => entry.Key.StartsWith("classifier", StringComparison.Ordinal) && entry.Value.shape[0] == FirstNameLabelSets.Labels.Length);
        Assert.All(weights.Tensors, entry => Assert.Equal(ScalarType.Float32, entry.Value.dtype));
        Assert.Equal(method == FineTuneMethod.Lora, weights.Tensors.Keys.Any(name => name.Contains("lora_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Keep_best_checkpoint_carries_the_best_evaluations_thresholds()
    {
        var (train, validation) = FirstNameLabelSets.Split(take: 200);
        // "Best" as the highest Hamming loss: an early epoch, so the restored weights are not the last ones.
        var config = Short with
        {
            Method = FineTuneMethod.Full, Epochs = 4,
            EarlyStopping = new EarlyStoppingOptions { Enabled = true, Metric = "val/hamming_loss", Mode = MetricMode.Max, Patience = 10, KeepBest = true },
        };
        using var directory = new TemporaryDirectory();

        var result = MultiLabelClassificationTrainer.Run(
            new MultiLabelTrainingJob(config, train, FirstNameLabelSets.Labels, directory.Path) { ValidationExamples = validation },
            new RecordingObserver(), CancellationToken.None);

        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        // The restored best weights are written as the run's last step under a best- name.
        var final = Assert.Single(CheckpointFiles.List(directory.Path), path => Path.GetFileName(path).StartsWith("best-", StringComparison.Ordinal));
        var bestName = CheckpointReader.ReadState(final).BestCheckpoint;
        Assert.NotNull(bestName);
        Assert.NotEqual(result.Steps, CheckpointReader.ReadState(Path.Combine(directory.Path, bestName)).Step);
        var best = Path.Combine(directory.Path, bestName);
        Assert.Equal(File.ReadAllText(Path.Combine(best, MultiLabelThresholds.FileName)), File.ReadAllText(Path.Combine(final, MultiLabelThresholds.FileName)));
        Assert.Equal(CheckpointReader.ReadState(best).Step, MultiLabelThresholds.Read(final, FirstNameLabelSets.Labels).TunedAtStep);
    }
}
