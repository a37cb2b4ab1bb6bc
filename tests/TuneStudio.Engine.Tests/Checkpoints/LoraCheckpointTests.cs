using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine.Tests.Checkpoints;

// A LoRA run's checkpoints hold its adapters and trainable parameters; the frozen base comes from the model built
// as the run built it. Resume and inference must not notice.
public class LoraCheckpointTests
{
    private static readonly TrainingConfig Config = new()
    {
        Method = FineTuneMethod.Lora, Lora = new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.1, TargetModules = ["query", "value"] },
        Epochs = 2, BatchSize = 32, MaxSequenceLength = 16, Seed = 11, LearningRate = 3e-3, Checkpoints = new CheckpointOptions { EverySteps = 3 },
    };

    private const int Take = 300;

    [Fact]
    public void A_LoRA_checkpoint_stores_only_the_trainable_parameters_and_loads_back_onto_the_rebuilt_base()
    {
        var (examples, labels) = TestData.FirstNames();
        using var root = new TemporaryDirectory();
        TextClassificationTrainer.Run(new TrainingJob(Config with { Epochs = 1 }, examples.Take(Take).ToList(), labels, root.Path), new RecordingObserver(), CancellationToken.None);
        var checkpoint = CheckpointFiles.List(root.Path)[^1];

        var initial = CheckpointWeights.Initial(Config, labels.Count);
        using (var weights = Safetensors.Read(Path.Combine(checkpoint, CheckpointFiles.Weights)))
        {
            Assert.NotEmpty(weights.Tensors);
            Assert.All(weights.Tensors.Keys, name => Assert.True(name.Contains("lora_", StringComparison.Ordinal) || name.StartsWith("classifier", StringComparison.Ordinal), name));
            Assert.True(weights.Tensors.Values.Sum(tensor => tensor.numel()) < initial.Values.Sum(values => values.Length) / 10);
        }
        Assert.True(CheckpointReader.ReadState(checkpoint).FrozenWeightsOmitted);

        // Loaded for inference: the frozen weights are the seeded base's, the trained ones the checkpoint's.
        var loaded = CheckpointWeights.Of(checkpoint);
        var changed = CheckpointWeights.Changed(initial, loaded);
        Assert.NotEmpty(changed);
        Assert.All(changed, name => Assert.True(name.Contains("lora_", StringComparison.Ordinal) || name.StartsWith("classifier", StringComparison.Ordinal), name));
    }

    [Fact]
    public void Resume_from_a_LoRA_checkpoint_gives_identical_losses_and_final_weights()
    {
        var (examples, labels) = TestData.FirstNames();
        using var run = CancelledThenResumed.At(5, Config, examples.Take(Take).ToList(), labels);

        Assert.Equal("epoch-1-step-3", Path.GetFileName(run.ResumedFrom));
        Assert.Equal(TrainingOutcome.Completed, run.Resumed.Outcome);
        Assert.Equal(run.Straight.Values("train/loss").Skip(3), run.ResumedPart.Values("train/loss"));
        var expected = CheckpointWeights.Of(run.StraightFinalCheckpoint);
        var actual = CheckpointWeights.Of(run.ResumedFinalCheckpoint);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, entry => Assert.True(entry.Value.AsSpan().SequenceEqual(actual[entry.Key]), entry.Key));
    }
}
