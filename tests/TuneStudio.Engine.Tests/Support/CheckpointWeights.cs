using TorchSharp;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Support;

public static class CheckpointWeights
{
    public static Dictionary<string, float[]> Of(string checkpointDirectory)
    {
        using var classifier = TrainedTextClassifier.Load(checkpointDirectory);
        return ModelOutputs.SnapshotParameters(classifier.Model);
    }

    // The weights the trainer starts from for this config: it seeds torch, then builds the model.
    public static Dictionary<string, float[]> Initial(TrainingConfig config, int labelCount = 2)
    {
        torch.manual_seed(config.Seed);
        using var model = FineTuneSetup.CreateModel(config, labelCount);
        return ModelOutputs.SnapshotParameters(model);
    }

    public static IReadOnlyList<string> Changed(Dictionary<string, float[]> before, Dictionary<string, float[]> after) =>
        before.Keys.Where(name => !before[name].AsSpan().SequenceEqual(after[name])).Order(StringComparer.Ordinal).ToList();
}
