using TuneStudio.Engine;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Training;

// Augmentation reaches the training batches and nothing else: validation scores the examples as they are.
public class TextAugmentationTrainingTests
{
    // A learning rate so small that no float32 weight moves: both runs keep the seed's initial weights, so their
    // validation losses can only differ if validation saw different text.
    private static readonly TrainingConfig Frozen = new()
    {
        Epochs = 2, BatchSize = 32, MaxSequenceLength = 16, Seed = 5, LearningRate = 1e-30, WeightDecay = 0, Optimizer = OptimizerKind.Sgd, Momentum = 0,
    };

    [Fact]
    public void Augmentation_changes_training_batches_and_leaves_validation_untouched()
    {
        var (examples, labels) = TestData.FirstNames();
        var subset = examples.Take(160).ToList();
        var noisy = Frozen with
        {
            Augmentation = new AugmentationOptions { Text = new TextAugmentationOptions { TypoProbability = 0.9 } },
        };
        using var plainDirectory = new TemporaryDirectory();
        using var noisyDirectory = new TemporaryDirectory();
        var plain = new RecordingObserver();
        var augmented = new RecordingObserver();

        TextClassificationTrainer.Run(new TrainingJob(Frozen, subset, labels, plainDirectory.Path), plain, CancellationToken.None);
        TextClassificationTrainer.Run(new TrainingJob(noisy, subset, labels, noisyDirectory.Path), augmented, CancellationToken.None);

        Assert.NotEqual(plain.Values("train/loss"), augmented.Values("train/loss"));
        Assert.Equal(2, augmented.Values("val/loss").Count);
        Assert.Equal(plain.Values("val/loss"), augmented.Values("val/loss"));
        Assert.Equal(plain.Values("val/accuracy"), augmented.Values("val/accuracy"));
    }

    [Fact]
    public void Each_epoch_trains_on_fresh_noise_and_a_second_run_repeats_it()
    {
        var (examples, labels) = TestData.FirstNames();
        var subset = examples.Take(160).ToList(); // 128 training examples: 4 full batches per epoch
        var plainConfig = Frozen with { DropoutOverride = 0 };
        var noisyConfig = plainConfig with
        {
            Augmentation = new AugmentationOptions { Text = new TextAugmentationOptions { TypoProbability = 0.3 } },
        };

        var plain = Train(plainConfig, subset, labels);
        var noisy = Train(noisyConfig, subset, labels);
        var again = Train(noisyConfig, subset, labels);

        // Weights frozen and no dropout: an epoch's mean loss is the mean over the same examples in another order,
        // so the two epochs agree up to rounding unless their texts differ.
        Assert.Equal(EpochMean(plain, 0), EpochMean(plain, 1), 1e-5);
        Assert.True(Math.Abs(EpochMean(noisy, 0) - EpochMean(noisy, 1)) > 1e-4,
            $"epoch mean losses {EpochMean(noisy, 0)} and {EpochMean(noisy, 1)} suggest the same noise twice");
        Assert.Equal(noisy, again);
    }

    private static IReadOnlyList<double> Train(TrainingConfig config, IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels)
    {
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        TextClassificationTrainer.Run(new TrainingJob(config, examples, labels, directory.Path), observer, CancellationToken.None);
        return observer.Values("train/loss");
    }

    private static double EpochMean(IReadOnlyList<double> losses, int epoch) => losses.Skip(epoch * 4).Take(4).Average();
}
