using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tasks.MultiLabel;
using TuneStudio.Engine.Tests.Support;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Tasks.MultiLabel;

// The tiny transformer (bytes in, fast on two cores) on the first-names label sets.
public class MultiLabelClassificationTrainerTests(ITestOutputHelper output)
{
    private static readonly TrainingConfig SmallRun = new()
    {
        Model = "tiny-transformer", LearningRate = 3e-3, BatchSize = 32, Epochs = 6, Seed = 11, WarmupSteps = 10, MaxSequenceLength = 16,
        Checkpoints = new CheckpointOptions { EachEpoch = false, KeepLast = 1 },
    };

    [Fact]
    public void Training_lowers_the_loss_and_beats_the_all_negative_and_majority_baselines()
    {
        var (train, validation) = FirstNameLabelSets.Split();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();

        var result = MultiLabelClassificationTrainer.Run(
            new MultiLabelTrainingJob(SmallRun, train, FirstNameLabelSets.Labels, directory.Path) { ValidationExamples = validation }, observer, CancellationToken.None);

        observer.Messages.ForEach(output.WriteLine);
        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        var losses = observer.Values("train/loss");
        var stepsPerEpoch = (int)(result.Steps / SmallRun.Epochs);
        Assert.True(losses.TakeLast(stepsPerEpoch).Average() < losses.Take(stepsPerEpoch).Average(), "the last epoch's mean loss is not below the first's");

        var truth = validation.Select(FirstNameLabelSets.Decisions).ToList();
        var allNegative = MultiLabelMetrics.Score(truth, truth.Select(row => new bool[row.Length]).ToList());
        // Per label, what most training rows have: the best a model that ignores the text can do on these labels.
        var majority = Enumerable.Range(0, FirstNameLabelSets.Labels.Length)
            .Select(label => train.Count(example => example.Classes.Contains(label)) * 2 > train.Count).ToArray();
        var majorityScores = MultiLabelMetrics.Score(truth, truth.Select(_ => majority).ToList());
        output.WriteLine($"all-negative micro-F1 {allNegative.MicroF1:F3}, Hamming {allNegative.HammingLoss:F3}; majority micro-F1 {majorityScores.MicroF1:F3}, Hamming {majorityScores.HammingLoss:F3}");

        var metrics = result.FinalMetrics;
        Assert.True(metrics["val/micro_f1"] > allNegative.MicroF1 && metrics["val/micro_f1"] > majorityScores.MicroF1,
            $"micro-F1 {metrics["val/micro_f1"]:F3}");
        Assert.True(metrics["val/hamming_loss"] < Math.Min(allNegative.HammingLoss, majorityScores.HammingLoss), $"Hamming loss {metrics["val/hamming_loss"]:F3}");
        Assert.InRange(metrics["val/subset_accuracy"], 0, 1);
        Assert.Contains(observer.Points, point => point.Key == "val/macro_f1");

        var checkpoint = CheckpointFiles.List(directory.Path)[^1];
        Assert.Equal(TaskNames.MultiLabelClassification, CheckpointReader.ReadState(checkpoint).Config.Task);
        var thresholds = MultiLabelThresholds.Read(checkpoint, FirstNameLabelSets.Labels);
        Assert.Equal(result.Steps, thresholds.TunedAtStep);
        Assert.All(thresholds.ByLabel.Values, threshold => Assert.InRange(threshold, 0, 1));
        Assert.Contains(thresholds.ByLabel.Values, threshold => threshold != MultiLabelThresholds.Default);
    }

    [Fact]
    public void Run_resumed_after_cancel_matches_the_uninterrupted_one_bit_for_bit()
    {
        var (train, validation) = FirstNameLabelSets.Split(take: 400);
        var config = SmallRun with
        {
            Epochs = 3, LabelSmoothing = 0.1,
            Checkpoints = new CheckpointOptions { EverySteps = 4, EachEpoch = true },
        };
        MultiLabelTrainingJob Job(string root) => new(config, train, FirstNameLabelSets.Labels, root) { ValidationExamples = validation };
        using var straightRoot = new TemporaryDirectory();
        using var interruptedRoot = new TemporaryDirectory();
        var straight = new RecordingObserver();
        Assert.Equal(TrainingOutcome.Completed, MultiLabelClassificationTrainer.Run(Job(straightRoot.Path), straight, CancellationToken.None).Outcome);

        using var cancellation = new CancellationTokenSource();
        var firstPart = new RecordingObserver(points => { if (points[0].Step == 14) cancellation.Cancel(); });
        Assert.Equal(TrainingOutcome.Cancelled, MultiLabelClassificationTrainer.Run(Job(interruptedRoot.Path), firstPart, cancellation.Token).Outcome);
        var resumedFrom = CheckpointFiles.List(interruptedRoot.Path)[^1];
        var resumedStep = CheckpointReader.ReadState(resumedFrom).Step;
        var secondPart = new RecordingObserver();
        var resumed = MultiLabelClassificationTrainer.Resume(Job(interruptedRoot.Path), resumedFrom, secondPart, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.True(resumedStep is > 0 and < 14, $"resumed from step {resumedStep}");
        foreach (var key in new[] { "train/loss", "val/loss", "val/micro_f1", "val/macro_f1", "val/subset_accuracy", "val/hamming_loss" })
            Assert.Equal(Bits(straight.Points.Where(point => point.Step > resumedStep && point.Key == key)), Bits(secondPart.Points.Where(point => point.Key == key)));
        Assert.NotEmpty(secondPart.Values("val/micro_f1"));
        var straightFinal = CheckpointFiles.List(straightRoot.Path)[^1];
        var resumedFinal = CheckpointFiles.List(interruptedRoot.Path)[^1];
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightFinal, CheckpointFiles.Weights)), File.ReadAllBytes(Path.Combine(resumedFinal, CheckpointFiles.Weights)));
        Assert.Equal(File.ReadAllText(Path.Combine(straightFinal, MultiLabelThresholds.FileName)), File.ReadAllText(Path.Combine(resumedFinal, MultiLabelThresholds.FileName)));
    }

    private static long[] Bits(IEnumerable<MetricPoint> points) => CancelledThenResumed.Bits(points.Select(point => point.Value));
}
