using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Adapters;

// Every adapter's run resumes exactly: its checkpoints omit the frozen base (rebuilt seeded), and the optimizer,
// generator and data order come back as they were.
public class AdapterResumeTests
{
    public static TheoryData<FineTuneMethod> Registered => new(AdapterRegistry.All.Select(adapter => adapter.Method));

    private const int Take = 300;

    private static TrainingConfig ConfigFor(FineTuneMethod method) => new()
    {
        Method = method, Lora = new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.1, TargetModules = ["query", "value"], LoraPlusLrRatio = 4 },
        Epochs = 2, BatchSize = 32, MaxSequenceLength = 16, Seed = 11, LearningRate = 3e-3, Checkpoints = new CheckpointOptions { EverySteps = 3 },
    };

    [Theory]
    [MemberData(nameof(Registered))]
    public void Resume_gives_identical_losses_and_final_weights(FineTuneMethod method)
    {
        var (examples, labels) = TestData.FirstNames();
        using var run = CancelledThenResumed.At(5, ConfigFor(method), examples.Take(Take).ToList(), labels);

        Assert.Equal("epoch-1-step-3", Path.GetFileName(run.ResumedFrom));
        Assert.True(CheckpointReader.ReadState(run.ResumedFrom).FrozenWeightsOmitted);
        Assert.Equal(TrainingOutcome.Completed, run.Resumed.Outcome);
        Assert.Equal(CancelledThenResumed.Bits(run.Straight.Values("train/loss").Skip(3)), CancelledThenResumed.Bits(run.ResumedPart.Values("train/loss")));
        Assert.True(run.FinalWeightFilesEqual);
        var expected = CheckpointWeights.Of(run.StraightFinalCheckpoint);
        var actual = CheckpointWeights.Of(run.ResumedFinalCheckpoint);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, entry => Assert.True(entry.Value.AsSpan().SequenceEqual(actual[entry.Key]), entry.Key));
    }

    // The bfloat16 working copy is built as the run builds its model, adapters included, and resumes as exactly.
    [Theory]
    [MemberData(nameof(Registered))]
    public void A_bfloat16_run_trains_its_adapter_and_resumes_exactly(FineTuneMethod method)
    {
        var (examples, labels) = TestData.FirstNames();
        var config = ConfigFor(method) with { Precision = PrecisionKind.Bfloat16 };
        using var run = CancelledThenResumed.At(5, config, examples.Take(Take).ToList(), labels);

        Assert.Equal(TrainingOutcome.Completed, run.Resumed.Outcome);
        Assert.All(run.Straight.Values("train/loss"), loss => Assert.True(double.IsFinite(loss)));
        Assert.Equal(CancelledThenResumed.Bits(run.Straight.Values("train/loss").Skip(3)), CancelledThenResumed.Bits(run.ResumedPart.Values("train/loss")));
        Assert.True(run.FinalWeightFilesEqual);
        var adapter = AdapterRegistry.For(method)!;
        var changed = CheckpointWeights.Changed(CheckpointWeights.Initial(config, labels.Count), CheckpointWeights.Of(run.StraightFinalCheckpoint));
        Assert.Contains(changed, adapter.IsAdapterTensor);
    }
}
