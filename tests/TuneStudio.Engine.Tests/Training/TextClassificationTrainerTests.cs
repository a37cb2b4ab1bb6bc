using System.Diagnostics;
using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Training;

public class TextClassificationTrainerTests(ITestOutputHelper output)
{
    private static readonly TrainingConfig SmallRun = new()
    {
        LearningRate = 3e-3,
        BatchSize = 32,
        Epochs = 6,
        Seed = 11,
        WarmupSteps = 10,
        MaxSequenceLength = 24,
    };

    [Fact]
    public void Training_on_first_names_lowers_the_loss_and_beats_chance()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var clock = Stopwatch.StartNew();

        var result = TextClassificationTrainer.Run(new TrainingJob(SmallRun, examples, labels, directory.Path), observer, CancellationToken.None);

        output.WriteLine($"{result.Steps} steps in {clock.Elapsed.TotalSeconds:F1} s");
        observer.Messages.ForEach(output.WriteLine);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var stepsPerEpoch = (int)(result.Steps / SmallRun.Epochs);
        var losses = observer.Values("train/loss");
        var firstEpoch = losses.Take(stepsPerEpoch).Average();
        var lastEpoch = losses.Skip(losses.Count - stepsPerEpoch).Average();
        Assert.True(lastEpoch < firstEpoch, $"last epoch's mean loss {lastEpoch:F4} is not below the first's {firstEpoch:F4}");
        Assert.True(result.FinalMetrics["val/accuracy"] > 0.7, $"validation accuracy {result.FinalMetrics["val/accuracy"]:F3}");
    }

    [Fact]
    public void Each_step_reports_loss_learning_rate_and_throughput_and_each_epoch_validation_metrics()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var config = SmallRun with { Epochs = 2, BatchSize = 50 };

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(200).ToList(), labels, directory.Path), observer, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(8, result.Steps); // 160 training examples in batches of 50: 4 steps per epoch
        Assert.Equal(Enumerable.Range(1, 8).Select(step => (long)step), observer.Points.Where(p => p.Key == "train/loss").Select(p => p.Step));
        Assert.All(observer.Points.GroupBy(p => p.Step), group => Assert.Contains(group, p => p.Key == "train/lr"));
        Assert.All(observer.Values("train/samples_per_sec"), value => Assert.True(value > 0));
        Assert.Equal([4L, 8L], observer.Points.Where(p => p.Key == "val/accuracy").Select(p => p.Step));
        Assert.Equal([4L, 8L], observer.Points.Where(p => p.Key == "val/macro_f1").Select(p => p.Step));
        Assert.Equal(2, observer.Points.Count(p => p.Key == "val/loss"));
        Assert.Equal(["epoch-1-step-4", "epoch-2-step-8"], observer.Checkpoints.Select(c => c.Name));
        Assert.Contains("val/accuracy", result.FinalMetrics.Keys);
        Assert.StartsWith("Training on cpu: ", observer.Messages[0]);
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_losses_and_another_seed_does_not()
    {
        var (examples, labels) = TestData.FirstNames();
        var subset = examples.Take(240).ToList();
        IReadOnlyList<double> Losses(int seed)
        {
            using var directory = new TemporaryDirectory();
            var observer = new RecordingObserver();
            var result = TextClassificationTrainer.Run(
                new TrainingJob(SmallRun with { Seed = seed, Epochs = 2 }, subset, labels, directory.Path), observer, CancellationToken.None);
            Assert.Equal(TrainingOutcome.Completed, result.Outcome);
            return observer.Values("train/loss");
        }

        var first = Losses(21);
        var second = Losses(21);
        var other = Losses(22);

        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Cancelling_returns_Cancelled_promptly_and_leaves_only_complete_checkpoints()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        using var cancellation = new CancellationTokenSource();
        // 640 training examples in batches of 32: the first epoch ends, and checkpoints, at step 20.
        var observer = new RecordingObserver(points =>
        {
            if (points[0].Step == 23) cancellation.Cancel();
        });

        var result = TextClassificationTrainer.Run(new TrainingJob(SmallRun, examples, labels, directory.Path), observer, cancellation.Token);

        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(23, result.Steps);
        Assert.Null(result.FailureReason);
        var checkpoint = Path.Combine(directory.Path, "epoch-1-step-20");
        Assert.Equal([checkpoint], Directory.GetDirectories(directory.Path));
        Assert.True(File.Exists(Path.Combine(checkpoint, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(checkpoint, "trainer_state.json")));
    }

    [Fact]
    public void A_checkpoint_holds_weights_and_trainer_state_and_no_temporary_directory_is_left()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var config = SmallRun with { Epochs = 1, Method = FineTuneMethod.Lora };

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(200).ToList(), labels, directory.Path), observer, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var checkpoint = Assert.Single(observer.Checkpoints);
        Assert.Equal([checkpoint.Directory], Directory.GetDirectories(directory.Path));
        Assert.Equal(["model.safetensors", "optimizer.bin", "rng_state.bin", "trainer_state.json"], Directory.GetFiles(checkpoint.Directory).Select(Path.GetFileName).Order());
        Assert.Equal(Directory.GetFiles(checkpoint.Directory).Sum(file => new FileInfo(file).Length), checkpoint.SizeBytes);

        var state = CheckpointReader.ReadState(checkpoint.Directory);
        Assert.Equal((checkpoint.Step, checkpoint.Epoch, config.Seed), (state.Step, state.Epoch, state.Seed));
        Assert.Equal(labels, state.Labels);
        Assert.Equal(FineTuneMethod.Lora, state.Config.Method);
        Assert.Equal(result.FinalMetrics["val/accuracy"], state.Metrics["val/accuracy"]);
    }

    [Fact]
    public void A_trained_checkpoint_loads_back_for_inference()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        TextClassificationTrainer.Run(new TrainingJob(SmallRun with { Epochs = 1 }, examples.Take(200).ToList(), labels, directory.Path), observer, CancellationToken.None);

        using var classifier = TrainedTextClassifier.Load(observer.Checkpoints.Single().Directory);
        var probabilities = classifier.PredictProbabilities(["Maria", "John"]);

        Assert.Equal(labels, classifier.Labels);
        Assert.All(probabilities, row => Assert.Equal(1.0, row.Sum(), 4));
    }

    [Fact]
    public void A_NaN_loss_is_skipped_without_an_update_and_counted()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var config = SmallRun with { Epochs = 1 };

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(300).ToList(), labels, directory.Path), observer,
            CancellationToken.None, new TrainingFaults { NanLossAtStep = 5 });

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(8, result.Steps);
        Assert.Equal([1L, 2, 3, 4, 6, 7, 8], observer.Points.Where(p => p.Key == "train/loss").Select(p => p.Step));
        var skipped = Assert.Single(observer.Points, p => p.Key == "train/skipped_steps");
        Assert.Equal((5L, 1.0), (skipped.Step, skipped.Value));
        Assert.Equal(1, result.FinalMetrics["train/skipped_steps"]);
        Assert.Contains("Skipped step 5: loss was not finite", observer.Messages);
    }

    [Fact]
    public void A_NaN_loss_changes_no_parameter()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var config = SmallRun with { Epochs = 1, Checkpoints = new CheckpointOptions { EverySteps = 1, EachEpoch = false } };

        TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(100).ToList(), labels, directory.Path), new RecordingObserver(),
            CancellationToken.None, new TrainingFaults { NanLossAtStep = 2 });

        using var before = TrainedTextClassifier.Load(Path.Combine(directory.Path, "epoch-1-step-1"));
        using var after = TrainedTextClassifier.Load(Path.Combine(directory.Path, "epoch-1-step-2"));
        var first = ModelOutputs.SnapshotParameters(before.Model);
        var second = ModelOutputs.SnapshotParameters(after.Model);
        Assert.All(first, entry => Assert.Equal(entry.Value, second[entry.Key]));
    }

    [Fact]
    public void A_stream_of_NaN_losses_fails_the_run_with_that_reason()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var config = SmallRun with { MaxConsecutiveSkippedSteps = 3 };

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples, labels, directory.Path), observer,
            CancellationToken.None, new TrainingFaults { NanLossFromStep = 17 });

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Equal("3 steps in a row had a non-finite loss or gradient (last at step 19)", result.FailureReason);
        Assert.Equal(19, result.Steps);
        Assert.Equal(16, observer.Values("train/loss").Count);
        Assert.Equal([1.0, 2, 3], observer.Values("train/skipped_steps"));
    }

    [Fact]
    public void An_invalid_job_fails_with_the_reasons_instead_of_throwing()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var job = new TrainingJob(SmallRun with { BatchSize = 0 }, [.. examples.Take(10), new TextExample("Nobody", 7)], labels, directory.Path);

        var result = TextClassificationTrainer.Run(job, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Contains("batchSize", result.FailureReason);
        Assert.Contains("1 examples have a label outside 0..1", result.FailureReason);
    }

    [Fact]
    public void An_exception_during_training_fails_the_run_with_its_message()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var blocked = Path.Combine(directory.Path, "not-a-directory");
        File.WriteAllText(blocked, "");

        var result = TextClassificationTrainer.Run(new TrainingJob(SmallRun with { Epochs = 1 }, examples.Take(100).ToList(), labels, blocked),
            new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.FailureReason));
    }
}
