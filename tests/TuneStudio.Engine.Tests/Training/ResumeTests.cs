using TuneStudio.Engine;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Training;

// Exact resume: losses after the checkpoint and the final weights equal an uninterrupted run's, bit for bit.
// Dropout stays on (torch's RNG state must be restored) and the run crosses an epoch boundary after the checkpoint.
public class ResumeTests
{
    // 300 examples: 240 train, 8 steps per epoch, 16 in all; a checkpoint every 3 steps and at each epoch end.
    private static readonly TrainingConfig Config = new()
    {
        Epochs = 2, BatchSize = 32, MaxSequenceLength = 16, Seed = 3, LearningRate = 3e-3, WarmupSteps = 4, Schedule = ScheduleKind.Cosine,
        Checkpoints = new CheckpointOptions { EverySteps = 3 },
    };

    private const int Take = 300;

    // Text augmentation keeps no state of its own: its noise is a function of (seed, epoch, example), so a resumed
    // run must see the same augmented batches without anything extra in the checkpoint.
    private static readonly TrainingConfig AugmentedConfig = Config with
    {
        Augmentation = new AugmentationOptions { Text = new TextAugmentationOptions { DeletionProbability = 0.1, SwapProbability = 0.1, TypoProbability = 0.15 } },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resume_after_cancel_gives_identical_losses_and_final_weights(bool textAugmentation)
    {
        var config = textAugmentation ? AugmentedConfig : Config;
        var (examples, labels) = TestData.FirstNames();
        using var run = CancelledThenResumed.At(5, config, examples.Take(Take).ToList(), labels);

        Assert.Equal(TrainingOutcome.Cancelled, run.Cancelled.Outcome);
        Assert.Equal("epoch-1-step-3", Path.GetFileName(run.ResumedFrom));
        Assert.Equal(TrainingOutcome.Completed, run.Resumed.Outcome);
        Assert.Equal(4, run.ResumedPart.Points.First(point => point.Key == "train/loss").Step);
        Assert.Equal(Bits(run.Straight.Values("train/loss").Skip(3)), Bits(run.ResumedPart.Values("train/loss")));
        Assert.Equal(run.Straight.Values("val/loss"), run.ResumedPart.Values("val/loss"));
        AssertSameWeights(run.StraightFinalCheckpoint, run.ResumedFinalCheckpoint);
    }

    [Fact]
    public void Resume_after_kill_gives_identical_losses_and_final_weights()
    {
        using var directory = new TemporaryDirectory();
        var straightRoot = Path.Combine(directory.Path, "straight");
        var killedRoot = Path.Combine(directory.Path, "killed");
        var straightLosses = Path.Combine(directory.Path, "straight.txt");
        var killedLosses = Path.Combine(directory.Path, "killed.txt");

        using (var straight = WorkerProcess.Start(Config, Take, straightRoot, straightLosses))
            Assert.True(straight.WaitForExit(TimeSpan.FromMinutes(2)) == 0, straight.StandardError);

        string checkpoint;
        using (var doomed = WorkerProcess.Start(Config, Take, killedRoot, killedLosses))
        {
            // Step 9 is mid-epoch 2, after the epoch-1 validation and checkpoint.
            var marker = doomed.WaitForLine("checkpoint 9 ");
            doomed.KillHard();
            Assert.NotNull(marker);
            checkpoint = marker.Split(' ', 3)[2];
        }

        var resumedLosses = Path.Combine(directory.Path, "resumed.txt");
        using (var resumed = WorkerProcess.Start(Config, Take, killedRoot, resumedLosses, resumeFrom: checkpoint))
            Assert.True(resumed.WaitForExit(TimeSpan.FromMinutes(2)) == 0, resumed.StandardError);

        var expected = WorkerProcess.ReadLosses(straightLosses);
        var actual = WorkerProcess.ReadLosses(resumedLosses);
        Assert.Equal(16, expected.Count);
        Assert.Equal(Enumerable.Range(10, 7).Select(step => (long)step), actual.Keys.Order());
        Assert.All(actual, entry => Assert.Equal(expected[entry.Key], entry.Value));
        AssertSameWeights(CheckpointFiles.List(straightRoot)[^1], CheckpointFiles.List(killedRoot)[^1]);
    }

    [Fact]
    public void Resume_refuses_other_data_and_weights_only_checkpoints()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var config = Config with { Epochs = 1, EarlyStopping = new EarlyStoppingOptions { Enabled = true, Patience = 1 } };
        TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(100).ToList(), labels, directory.Path), new RecordingObserver(), CancellationToken.None);
        var checkpoint = CheckpointFiles.List(directory.Path)[0];

        var otherData = TextClassificationTrainer.Resume(new TrainingJob(config, examples.Skip(1).Take(100).ToList(), labels, directory.Path),
            checkpoint, new RecordingObserver(), CancellationToken.None);
        var notACheckpoint = TextClassificationTrainer.Resume(new TrainingJob(config, examples.Take(100).ToList(), labels, directory.Path),
            Path.Combine(directory.Path, "missing"), new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Failed, otherData.Outcome);
        Assert.Contains("same data set", otherData.FailureReason);
        Assert.Equal(TrainingOutcome.Failed, notACheckpoint.Outcome);
        Assert.Contains("Cannot read checkpoint", notACheckpoint.FailureReason);
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static void AssertSameWeights(string expectedCheckpoint, string actualCheckpoint)
    {
        Assert.Equal(Path.GetFileName(expectedCheckpoint), Path.GetFileName(actualCheckpoint));
        var expected = File.ReadAllBytes(Path.Combine(expectedCheckpoint, CheckpointFiles.Weights));
        var actual = File.ReadAllBytes(Path.Combine(actualCheckpoint, CheckpointFiles.Weights));
        Assert.True(expected.AsSpan().SequenceEqual(actual), "final weights differ");
    }
}
