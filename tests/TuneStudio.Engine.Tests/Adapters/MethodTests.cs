using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine.Tests.Adapters;

// The PEFT invariant for every method: training changes exactly the parameters the method promises,
// and the plan reports their count before the run.
public class MethodTests
{
    private static readonly TrainingConfig Base = new() { Epochs = 1, BatchSize = 32, MaxSequenceLength = 16, Seed = 5, LearningRate = 3e-3 };

    public static TheoryData<string> Methods => new() { "full", "freeze-top-1", "freeze-patterns", "bitfit", "head-only", "lora", "lora-bias-all", "lora-bias-lora-only", "lora-all-linear-rs", "dora", "dora-bias-all", "ia3", "ia3-feedforward" };

    private static (TrainingConfig Config, Func<string, bool> Promised) Case(string name) => name switch
    {
        "full" => (Base, _ => true),
        "freeze-top-1" => (Base with { Method = FineTuneMethod.Freeze, TrainableTopLayers = 1 }, n => n.StartsWith("encoder.layer.1.") || IsHead(n)),
        "freeze-patterns" => (Base with { Method = FineTuneMethod.Freeze, FrozenParameterPatterns = ["embeddings.*", @"re:^encoder\.layer\.0\."] },
            n => !n.StartsWith("embeddings.") && !n.StartsWith("encoder.layer.0.")),
        "bitfit" => (Base with { Method = FineTuneMethod.BitFit }, n => n.EndsWith(".bias") || IsHead(n)),
        "head-only" => (Base with { Method = FineTuneMethod.HeadOnly }, IsHead),
        "lora" => (Base with { Method = FineTuneMethod.Lora }, n => n.Contains("lora_") || IsHead(n)),
        "lora-bias-all" => (Base with { Method = FineTuneMethod.Lora, Lora = new LoraOptions { Bias = LoraBias.All } },
            n => n.Contains("lora_") || n.EndsWith(".bias") || IsHead(n)),
        "lora-bias-lora-only" => (Base with { Method = FineTuneMethod.Lora, Lora = new LoraOptions { Bias = LoraBias.LoraOnly } },
            n => n.Contains("lora_") || n.EndsWith("query.base_layer.bias") || n.EndsWith("value.base_layer.bias") || IsHead(n)),
        "lora-all-linear-rs" => (Base with { Method = FineTuneMethod.Lora, Lora = new LoraOptions { TargetModules = [LoraOptions.AllLinear], UseRsLora = true } },
            n => n.Contains("lora_") || IsHead(n)),
        "dora" => (Base with { Method = FineTuneMethod.Dora }, n => n.Contains("lora_") || IsHead(n)),
        "dora-bias-all" => (Base with { Method = FineTuneMethod.Dora, Lora = new LoraOptions { Bias = LoraBias.All } },
            n => n.Contains("lora_") || n.EndsWith(".bias") || IsHead(n)),
        "ia3" => (Base with { Method = FineTuneMethod.Ia3 }, n => n.EndsWith(".ia3_l") || IsHead(n)),
        "ia3-feedforward" => (Base with { Method = FineTuneMethod.Ia3, Ia3 = new Ia3Options { FeedforwardModules = ["intermediate", "output"] } },
            n => n.EndsWith(".ia3_l") || IsHead(n)),
        _ => throw new ArgumentException(name),
    };

    private static bool IsHead(string name) => name.StartsWith("classifier.");

    [Theory]
    [MemberData(nameof(Methods))]
    public void Each_method_trains_only_the_parameters_it_promises_and_reports_their_count(string method)
    {
        var (config, promised) = Case(method);
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var before = CheckpointWeights.Initial(config);

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(120).ToList(), labels, directory.Path), new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var after = CheckpointWeights.Of(Directory.GetDirectories(directory.Path).Single());
        var expected = before.Keys.Where(promised).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, CheckpointWeights.Changed(before, after));
        var plan = FineTunePlan.Describe(config, labels, trainExamples: 96);
        Assert.Equal(expected.Sum(name => (long)before[name].Length), plan.TrainableParameters);
        Assert.Equal(before.Values.Sum(values => (long)values.Length), plan.TotalParameters);
    }

    [Fact]
    public void Gradual_unfreezing_changes_the_trainable_set_at_the_scheduled_steps()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var config = Base with
        {
            Method = FineTuneMethod.GradualUnfreeze, UnfreezeEvery = 2, UnfreezeUnit = UnfreezeUnit.Steps,
            Checkpoints = new CheckpointOptions { EverySteps = 1 },
        };

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(300).ToList(), labels, directory.Path), new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var weights = new List<Dictionary<string, float[]>> { CheckpointWeights.Initial(config) };
        weights.AddRange(Enumerable.Range(1, 6).Select(step => CheckpointWeights.Of(Path.Combine(directory.Path, $"epoch-1-step-{step}"))));
        string[] Trained(int step) => CheckpointWeights.Changed(weights[step - 1], weights[step]).Select(name => name.Split('.')[0] + (name.StartsWith("encoder") ? "." + name.Split('.')[2] : "")).Distinct().ToArray();
        Assert.Equal(["classifier"], Trained(1));
        Assert.Equal(["classifier"], Trained(2));
        Assert.Equal(["classifier", "encoder.1"], Trained(3));
        Assert.Equal(["classifier", "encoder.1"], Trained(4));
        Assert.Equal(["classifier", "encoder.0", "encoder.1"], Trained(5));
        Assert.Equal(["classifier", "encoder.0", "encoder.1"], Trained(6));

        var plan = FineTunePlan.Describe(config, labels, trainExamples: 240);
        Assert.Equal([1L, 3, 5], plan.UnfreezeTimeline.Select(stage => stage.Step));
        Assert.Equal([0, 1, 2], plan.UnfreezeTimeline.Select(stage => stage.TrainableBlocks));
        Assert.True(plan.UnfreezeTimeline[0].TrainableParameters < plan.UnfreezeTimeline[1].TrainableParameters);
    }

    [Fact]
    public void The_unfreeze_timeline_by_epochs_counts_steps_per_epoch()
    {
        var timeline = new GradualUnfreezeTimeline(BlockCount: 3, Every: 1, UnfreezeUnit.Epochs, StepsPerEpoch: 10);

        Assert.Equal([(1L, 0), (11L, 1), (21L, 2), (31L, 3)], timeline.Stages(totalSteps: 40));
        Assert.Equal(0, timeline.TrainableBlocksAt(step: 10, epoch: 1));
        Assert.Equal(3, timeline.TrainableBlocksAt(step: 99, epoch: 9));
    }
}
