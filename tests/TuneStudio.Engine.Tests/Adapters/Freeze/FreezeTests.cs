using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using TorchSharp;

namespace TuneStudio.Engine.Tests.Adapters.Freeze;

public class FreezeTests
{
    private static readonly TrainingConfig FreezeConfig = new()
    {
        Method = FineTuneMethod.Freeze,
        TrainableTopLayers = 1,
        Seed = 5,
        LearningRate = 5e-3,
        BatchSize = 16,
        Epochs = 1,
    };

    private static bool InHeadOrTopBlock(string name) => name.StartsWith("classifier.") || name.StartsWith("encoder.layer.1.");

    [Fact]
    public void Only_the_head_and_the_top_blocks_are_trainable()
    {
        torch.manual_seed(FreezeConfig.Seed);
        using var model = FineTuneSetup.CreateModel(FreezeConfig, labelCount: 2);

        var trainable = model.named_parameters().Where(entry => entry.parameter.requires_grad).Select(entry => entry.name).ToList();

        Assert.All(trainable, name => Assert.True(InHeadOrTopBlock(name), name));
        Assert.Contains("classifier.weight", trainable);
        Assert.Contains("encoder.layer.1.attention.query.weight", trainable);
    }

    [Fact]
    public void Training_changes_only_the_head_and_the_top_blocks()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        torch.manual_seed(FreezeConfig.Seed);
        using var initial = FineTuneSetup.CreateModel(FreezeConfig, labels.Count);
        var before = ModelOutputs.SnapshotParameters(initial);

        var result = TextClassificationTrainer.Run(
            new TrainingJob(FreezeConfig, examples.Take(160).ToList(), labels, directory.Path), new RecordingObserver(), CancellationToken.None);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);

        using var trained = FineTuneSetup.CreateModel(FreezeConfig, labels.Count);
        CheckpointReader.LoadWeights(trained, Directory.GetDirectories(directory.Path).Single());
        var after = ModelOutputs.SnapshotParameters(trained);

        var changed = before.Keys.Where(name => !before[name].SequenceEqual(after[name])).ToList();
        Assert.All(changed, name => Assert.True(InHeadOrTopBlock(name), $"{name} changed"));
        Assert.Contains("classifier.weight", changed);
        Assert.Contains("encoder.layer.1.intermediate.weight", changed);
    }
}
