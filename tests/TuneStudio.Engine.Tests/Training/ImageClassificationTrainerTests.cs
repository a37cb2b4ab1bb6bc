using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Training;

// The image recipe on real Fashion-MNIST slices with the pre-trained ResNet-18, at reduced resolutions to keep CPU
// time small (the model's own 224 costs ~1.3 s per step of 16 here).
public class ImageClassificationTrainerTests(ITestOutputHelper output)
{
    private static readonly ImageAugmentationOptions AllAugmentations = new()
    {
        HorizontalFlip = true, VerticalFlip = true, CropScale = 0.85, MaxRotationDegrees = 10, Brightness = 0.2, Contrast = 0.2, Saturation = 0.2,
    };

    [Fact]
    public void ResNet18_fine_tunes_on_fashion_mnist_to_well_above_chance()
    {
        var config = new TrainingConfig
        {
            Model = "resnet18", ImageSize = 64, BatchSize = 16, Epochs = 1, Seed = 17, LearningRate = 1e-4, HeadLearningRate = 1e-3,
            Schedule = ScheduleKind.Constant,
        };
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var job = new ImageTrainingJob(config, FashionMnistExamples.Train(), FashionMnistExamples.Labels, directory.Path)
        {
            ValidationExamples = FashionMnistExamples.Validation(),
        };

        var result = ImageClassificationTrainer.Run(job, observer, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var accuracy = result.FinalMetrics["val/accuracy"];
        output.WriteLine($"validation accuracy after {result.Steps} steps: {accuracy:P0}");
        Assert.True(accuracy >= 0.5, $"accuracy {accuracy:P0} (chance is 10 %)");
        Assert.Contains(observer.Points, point => point.Key == "train/grad_norm" && double.IsFinite(point.Value));
        Assert.Single(observer.Checkpoints);
    }

    public static TheoryData<string> Methods => new() { "full", "freeze-top-1", "freeze-patterns", "bitfit", "head-only" };

    private static (TrainingConfig Config, Func<string, bool> Promised) Case(string name)
    {
        var basis = new TrainingConfig { Task = TaskNames.ImageClassification, Model = "resnet18", ImageSize = 32, BatchSize = 8, Epochs = 1, Seed = 5, LearningRate = 1e-3 };
        return name switch
        {
            "full" => (basis, _ => true),
            "freeze-top-1" => (basis with { Method = FineTuneMethod.Freeze, TrainableTopLayers = 1 }, n => n.StartsWith("layer4.") || IsHead(n)),
            "freeze-patterns" => (basis with { Method = FineTuneMethod.Freeze, FrozenParameterPatterns = ["conv1.*", "bn1.*", "layer1.*"] },
                n => !n.StartsWith("conv1.") && !n.StartsWith("bn1.") && !n.StartsWith("layer1.")),
            "bitfit" => (basis with { Method = FineTuneMethod.BitFit }, n => n.EndsWith(".bias") || IsHead(n)),
            "head-only" => (basis with { Method = FineTuneMethod.HeadOnly }, IsHead),
            _ => throw new ArgumentException(name),
        };
    }

    private static bool IsHead(string name) => name.StartsWith("fc.");

    private static bool IsBatchNormStatistic(string name) =>
        name.EndsWith(".running_mean") || name.EndsWith(".running_var") || name.EndsWith(".num_batches_tracked");

    [Theory]
    [MemberData(nameof(Methods))]
    public void Each_method_trains_only_what_it_promises_and_batch_norm_statistics_stay_frozen(string method)
    {
        var (config, promised) = Case(method);
        using var directory = new TemporaryDirectory();
        var before = FashionMnistExamples.InitialTensors(config.Seed, FashionMnistSlice.ClassCount);
        var job = new ImageTrainingJob(config, FashionMnistExamples.Train().Take(20).ToList(), FashionMnistExamples.Labels, directory.Path);

        var result = ImageClassificationTrainer.Run(job, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var after = FashionMnistExamples.CheckpointTensors(Directory.GetDirectories(directory.Path).Single());
        var expected = before.Keys.Where(name => !IsBatchNormStatistic(name) && promised(name)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, CheckpointWeights.Changed(before, after));
        var plan = FineTunePlan.Describe(config, FashionMnistExamples.Labels, trainExamples: 16);
        Assert.Equal(expected.Sum(name => (long)before[name].Length), plan.TrainableParameters);
    }

    [Fact]
    public void Gradual_unfreezing_adds_the_top_stage_after_the_scheduled_step()
    {
        var config = new TrainingConfig
        {
            Model = "resnet18", ImageSize = 32, BatchSize = 8, Epochs = 1, Seed = 5, LearningRate = 1e-3,
            Method = FineTuneMethod.GradualUnfreeze, UnfreezeEvery = 1, UnfreezeUnit = UnfreezeUnit.Steps,
            Checkpoints = new CheckpointOptions { EverySteps = 1 },
        };
        using var directory = new TemporaryDirectory();
        var job = new ImageTrainingJob(config, FashionMnistExamples.Train().Take(20).ToList(), FashionMnistExamples.Labels, directory.Path);

        Assert.Equal(TrainingOutcome.Completed, ImageClassificationTrainer.Run(job, new RecordingObserver(), CancellationToken.None).Outcome);

        var initial = FashionMnistExamples.InitialTensors(config.Seed, FashionMnistSlice.ClassCount);
        var first = FashionMnistExamples.CheckpointTensors(Path.Combine(directory.Path, "epoch-1-step-1"));
        var second = FashionMnistExamples.CheckpointTensors(Path.Combine(directory.Path, "epoch-1-step-2"));
        string[] Stages(Dictionary<string, float[]> from, Dictionary<string, float[]> to) =>
            CheckpointWeights.Changed(from, to).Select(name => name.Split('.')[0]).Distinct().ToArray();
        Assert.Equal(["fc"], Stages(initial, first));
        Assert.Equal(["fc", "layer4"], Stages(first, second));
    }

    [Fact]
    public void Resume_with_augmentation_gives_identical_losses_and_final_weights()
    {
        // 40 images: 32 train, 4 steps per epoch, 8 in all; a checkpoint every 3 steps and at each epoch end.
        var config = new TrainingConfig
        {
            Model = "resnet18", ImageSize = 32, BatchSize = 8, Epochs = 2, Seed = 3, LearningRate = 1e-3, WarmupSteps = 2, Schedule = ScheduleKind.Cosine,
            Checkpoints = new CheckpointOptions { EverySteps = 3 }, Augmentation = new AugmentationOptions { Image = AllAugmentations },
        };
        var examples = FashionMnistExamples.Train().Take(40).ToList();
        using var straight = new TemporaryDirectory();
        using var interrupted = new TemporaryDirectory();
        var straightObserver = new RecordingObserver();
        ImageClassificationTrainer.Run(new ImageTrainingJob(config, examples, FashionMnistExamples.Labels, straight.Path), straightObserver, CancellationToken.None);

        using var cancellation = new CancellationTokenSource();
        var firstPart = new RecordingObserver(points => { if (points[0].Step == 4) cancellation.Cancel(); });
        var cancelled = ImageClassificationTrainer.Run(new ImageTrainingJob(config, examples, FashionMnistExamples.Labels, interrupted.Path), firstPart, cancellation.Token);
        Assert.Equal(TrainingOutcome.Cancelled, cancelled.Outcome);
        var last = CheckpointFiles.List(interrupted.Path)[^1];
        Assert.Equal("epoch-1-step-3", Path.GetFileName(last));

        var secondPart = new RecordingObserver();
        var resumed = ImageClassificationTrainer.Resume(new ImageTrainingJob(config, examples, FashionMnistExamples.Labels, interrupted.Path), last, secondPart, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.Equal(Bits(straightObserver.Values("train/loss").Skip(3)), Bits(secondPart.Values("train/loss")));
        Assert.Equal(straightObserver.Values("val/loss"), secondPart.Values("val/loss"));
        var expected = File.ReadAllBytes(Path.Combine(CheckpointFiles.List(straight.Path)[^1], CheckpointFiles.Weights));
        var actual = File.ReadAllBytes(Path.Combine(CheckpointFiles.List(interrupted.Path)[^1], CheckpointFiles.Weights));
        Assert.True(expected.AsSpan().SequenceEqual(actual), "final weights differ");

        // Augmentation was really applied: the same run without it sees other losses from the first step.
        var plain = new RecordingObserver();
        using var plainDirectory = new TemporaryDirectory();
        ImageClassificationTrainer.Run(new ImageTrainingJob(config with { Epochs = 1, Augmentation = new AugmentationOptions() }, examples, FashionMnistExamples.Labels, plainDirectory.Path), plain, CancellationToken.None);
        Assert.NotEqual(BitConverter.DoubleToInt64Bits(straightObserver.Values("train/loss")[0]), BitConverter.DoubleToInt64Bits(plain.Values("train/loss")[0]));
    }

    [Fact]
    public void Validation_never_sees_augmentation()
    {
        var labels = FashionMnistExamples.Labels;
        var validation = FashionMnistExamples.Validation().Take(12).ToList();
        var plainConfig = new TrainingConfig { Model = "resnet18", ImageSize = 32, BatchSize = 8, Seed = 9 };
        var augmentedConfig = plainConfig with { Augmentation = new AugmentationOptions { Image = AllAugmentations } };

        Dictionary<string, double> Evaluate(TrainingConfig config)
        {
            manual_seed(config.Seed);
            using var task = new ImageClassificationTask(new ImageTrainingJob(config, validation, labels, "unused"), CPU, initialWeights: null);
            return task.Evaluate(validation);
        }

        Assert.Equal(Evaluate(plainConfig), Evaluate(augmentedConfig));
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
