using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class TrainingControlTests
{
    private static readonly TrainingConfig Base = new() { Epochs = 1, BatchSize = 32, MaxSequenceLength = 16, Seed = 9, LearningRate = 3e-3 };

    private static (TrainingResult Result, RecordingObserver Observer) Train(TrainingConfig config, int take, string root, string? initialWeights = null)
    {
        var (examples, labels) = TestData.FirstNames();
        var observer = new RecordingObserver();
        var job = new TrainingJob(config, examples.Take(take).ToList(), labels, root) { InitialWeights = initialWeights };
        var result = TextClassificationTrainer.Run(job, observer, CancellationToken.None);
        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        return (result, observer);
    }

    [Fact]
    public void Gradient_accumulation_of_k_batches_of_b_gives_the_update_of_one_batch_of_b_times_k()
    {
        using var big = new TemporaryDirectory();
        using var accumulated = new TemporaryDirectory();
        var noDropout = Base with { DropoutOverride = 0, Epochs = 2 };

        var (bigRun, bigObserver) = Train(noDropout with { BatchSize = 32 }, 120, big.Path);
        var (accumulatedRun, accumulatedObserver) = Train(noDropout with { BatchSize = 8, GradientAccumulationSteps = 4 }, 120, accumulated.Path);

        Assert.Equal(bigRun.Steps, accumulatedRun.Steps); // 96 examples: 3 optimizer steps per epoch either way
        Assert.Equal(6, bigRun.Steps);
        Assert.All(bigObserver.Values("train/loss").Zip(accumulatedObserver.Values("train/loss")), pair => Assert.Equal(pair.First, pair.Second, 5));
        var bigWeights = CheckpointWeights.Of(CheckpointFiles.List(big.Path)[^1]);
        var accumulatedWeights = CheckpointWeights.Of(CheckpointFiles.List(accumulated.Path)[^1]);
        Assert.All(bigWeights, entry => Assert.True(ModelOutputs.MaxDifference(entry.Value, accumulatedWeights[entry.Key]) < 1e-4, entry.Key));
    }

    [Fact]
    public void The_global_gradient_norm_is_logged_every_step_before_clipping()
    {
        using var directory = new TemporaryDirectory();
        var (result, observer) = Train(Base with { GradientClipNorm = 1e-3 }, 120, directory.Path);

        var norms = observer.Values("train/grad_norm");
        Assert.Equal(result.Steps, norms.Count);
        Assert.All(norms, norm => Assert.True(norm > 1e-3, $"{norm} is the clipped norm, not the measured one"));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, false)]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.Sgd, true)]
    public void Every_optimizer_trains(OptimizerKind optimizer, bool nesterov)
    {
        using var directory = new TemporaryDirectory();
        var config = Base with { Optimizer = optimizer, Nesterov = nesterov, LearningRate = optimizer == OptimizerKind.Sgd ? 0.1 : 3e-3, Epochs = 3 };

        var (_, observer) = Train(config, 200, directory.Path);

        var losses = observer.Values("train/loss");
        Assert.True(losses[^1] < losses[0], $"{optimizer}: loss went from {losses[0]} to {losses[^1]}");
    }

    [Fact]
    public void Discriminative_learning_rates_make_one_group_per_depth_with_decayed_rates_and_the_head_rate()
    {
        var config = Base with { LayerwiseLrDecay = 0.5, HeadLearningRate = 1e-2 };
        using var model = FineTuneSetup.CreateModel(config, 2);

        var groups = OptimizerSetup.Groups(model, config, (_, parameter) => parameter.requires_grad);

        var scales = groups.GroupBy(group => group.Name.Split('/')[0]).ToDictionary(group => group.Key, group => group.First().LearningRateScale);
        Assert.Equal(new Dictionary<string, double> { ["head"] = 1e-2 / 3e-3, ["block1"] = 1, ["block0"] = 0.5, ["embeddings"] = 0.25 }, scales);
        Assert.All(groups.Where(group => group.Name.EndsWith("/no_decay")), group => Assert.Equal(0, group.WeightDecay));
        Assert.All(groups.Where(group => group.Name.EndsWith("/no_decay")).SelectMany(group => group.Parameters), parameter => Assert.Equal(1, parameter.dim()));
        Assert.Equal(model.parameters().Count(), groups.Sum(group => group.Parameters.Count));
    }

    [Fact]
    public void Keep_best_restores_the_best_evaluation_weights_as_the_final_checkpoint()
    {
        using var directory = new TemporaryDirectory();
        // "Best" is the highest validation loss, which is the first epoch's as the loss falls: a scripted worst case.
        var config = Base with
        {
            Epochs = 5,
            EarlyStopping = new EarlyStoppingOptions { Enabled = true, Metric = "val/loss", Mode = MetricMode.Max, Patience = 2, KeepBest = true },
        };

        var (result, observer) = Train(config, 200, directory.Path);

        Assert.Equal(15, result.Steps); // stopped after epoch 3 of 5 (5 steps each)
        var epochLosses = observer.Values("val/loss");
        Assert.Equal(3, epochLosses.Count);
        Assert.Equal(epochLosses[0], result.FinalMetrics["val/loss"]);
        var final = observer.Checkpoints[^1];
        Assert.Equal("best-epoch-1-step-5", final.Name);
        var bestWeights = CheckpointWeights.Of(Path.Combine(directory.Path, "epoch-1-step-5"));
        Assert.All(CheckpointWeights.Of(final.Directory), entry => Assert.Equal(bestWeights[entry.Key], entry.Value));
    }

    [Fact]
    public void A_fork_starts_from_the_checkpoint_weights_with_a_fresh_optimizer_at_step_one()
    {
        using var parent = new TemporaryDirectory();
        using var child = new TemporaryDirectory();
        Train(Base, 120, parent.Path);
        var checkpoint = CheckpointFiles.List(parent.Path)[^1];

        var (result, observer) = Train(Base with { Method = FineTuneMethod.HeadOnly, LearningRate = 1e-2, Seed = 77 }, 120, child.Path, initialWeights: checkpoint);

        Assert.Equal(1, observer.Points.First(point => point.Key == "train/loss").Step);
        var parentWeights = CheckpointWeights.Of(checkpoint);
        var childWeights = CheckpointWeights.Of(CheckpointFiles.List(child.Path)[^1]);
        Assert.Equal(["classifier.bias", "classifier.weight"], CheckpointWeights.Changed(parentWeights, childWeights));
        Assert.Equal(3, result.Steps);
    }

    [Fact]
    public void Retention_keeps_the_last_and_the_best_checkpoints_and_reports_disk_use()
    {
        using var directory = new TemporaryDirectory();
        var config = Base with
        {
            Epochs = 2,
            Checkpoints = new CheckpointOptions { EverySteps = 2, EachEpoch = true, KeepLast = 1, KeepBest = 1, BestMetric = "val/loss", BestMode = MetricMode.Max },
        };

        var (_, observer) = Train(config, 300, directory.Path);

        Assert.Equal(["epoch-1-step-8", "epoch-2-step-16"], CheckpointFiles.List(directory.Path).Select(Path.GetFileName));
        Assert.Equal(8, observer.Checkpoints.Count);
        Assert.Contains(observer.Messages, message => message.Contains("checkpoints use"));
        Assert.Equal(CheckpointFiles.List(directory.Path).Sum(d => new DirectoryInfo(d).GetFiles().Sum(f => f.Length)), CheckpointRetention.DiskUse(directory.Path));
    }

    [Fact]
    public void Label_smoothing_raises_the_loss_of_the_same_predictions()
    {
        using var plain = new TemporaryDirectory();
        using var smoothed = new TemporaryDirectory();
        var (_, plainObserver) = Train(Base, 100, plain.Path);
        var (_, smoothedObserver) = Train(Base with { LabelSmoothing = 0.2 }, 100, smoothed.Path);

        // Same seed, same first batch, same initial weights: only the loss function differs.
        Assert.NotEqual(plainObserver.Values("train/loss")[0], smoothedObserver.Values("train/loss")[0]);
    }
}
