using TorchSharp;
using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Adapters.Lora;

// PEFT's invariants, on the tiny transformer.
public class LoraInvariantTests
{
    private static readonly TrainingConfig LoraConfig = new()
    {
        Method = FineTuneMethod.Lora,
        Seed = 3,
        LearningRate = 5e-3,
        BatchSize = 16,
        Epochs = 1,
        Lora = new LoraOptions { Rank = 4, Alpha = 8, TargetModules = ["query", "value"] },
    };

    private static TextClassifierModel CreateBase(int seed = 3)
    {
        TorchRuntime.Configure();
        torch.manual_seed(seed);
        return ModelCatalog.BuiltIn.FindDefinition("tiny-transformer")!.CreateModel(labelCount: 2);
    }

    // A fresh adapter's B is zero; give it values so merging has something to merge.
    private static void RandomiseAdapters(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters().Where(entry => entry.name.EndsWith("lora_B")))
            parameter.copy_(randn_like(parameter) * 0.1);
    }

    [Fact]
    public void A_fresh_adapter_leaves_the_outputs_unchanged()
    {
        using var model = CreateBase();
        var before = ModelOutputs.Logits(model);

        var adapted = LoraInjector.Inject(model, LoraConfig.Lora);

        Assert.Equal(4, adapted.Count);
        Assert.Equal(before, ModelOutputs.Logits(model));
    }

    [Fact]
    public void Every_encoder_linear_layer_can_be_adapted_and_the_head_never_is()
    {
        using var model = CreateBase();
        var before = ModelOutputs.Logits(model);

        var adapted = LoraInjector.Inject(model, new LoraOptions { TargetModules = ["query", "key", "value", "output", "intermediate", "classifier"] });

        // Two blocks, each with query, key, value, the attention output, intermediate and the feed-forward output.
        Assert.Equal(12, adapted.Count);
        Assert.DoesNotContain("classifier", adapted);
        Assert.Contains("encoder.layer.1.output", adapted);
        Assert.Equal(before, ModelOutputs.Logits(model));
    }

    [Fact]
    public void Injection_freezes_the_base_and_leaves_adapters_and_head_trainable()
    {
        using var model = CreateBase();
        LoraInjector.Inject(model, LoraConfig.Lora);

        var trainable = model.named_parameters().Where(entry => entry.parameter.requires_grad).Select(entry => entry.name).ToList();

        Assert.All(trainable, name => Assert.True(name.Contains("lora_") || name.StartsWith("classifier."), name));
        Assert.Contains("encoder.layer.0.attention.query.lora_A", trainable);
        Assert.Contains("encoder.layer.1.attention.value.lora_B", trainable);
        Assert.Contains("encoder.layer.0.attention.query.base_layer.weight", model.named_parameters().Select(entry => entry.name));
    }

    [Fact]
    public void Training_changes_only_the_adapters_and_the_head()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        using var initial = CreateModelAsTheTrainerDoes(LoraConfig, labels.Count);
        var before = ModelOutputs.SnapshotParameters(initial);

        var result = TextClassificationTrainer.Run(
            new TrainingJob(LoraConfig, examples.Take(160).ToList(), labels, directory.Path), new RecordingObserver(), CancellationToken.None);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);

        using var trained = CreateModelAsTheTrainerDoes(LoraConfig, labels.Count);
        CheckpointReader.LoadWeights(trained, Directory.GetDirectories(directory.Path).Single());
        var after = ModelOutputs.SnapshotParameters(trained);

        var changed = before.Keys.Where(name => !before[name].SequenceEqual(after[name])).ToList();
        Assert.All(changed, name => Assert.True(name.Contains("lora_") || name.StartsWith("classifier."), $"{name} changed"));
        Assert.Contains("classifier.weight", changed);
        Assert.Contains("encoder.layer.0.attention.query.lora_B", changed);
        Assert.Contains("encoder.layer.1.attention.value.lora_A", changed);
    }

    [Fact]
    public void Merging_gives_the_same_outputs_and_unmerging_restores_the_base()
    {
        using var model = CreateBase();
        var baseWeight = model.named_parameters().Single(entry => entry.name == "encoder.layer.0.attention.query.weight").parameter.data<float>().ToArray();
        LoraInjector.Inject(model, LoraConfig.Lora);
        RandomiseAdapters(model);
        var unmerged = ModelOutputs.Logits(model);

        LoraModel.MergeAll(model);
        var merged = ModelOutputs.Logits(model);
        var adapters = LoraModel.Adapters(model);
        Assert.All(adapters, adapter => Assert.True(adapter.Merged));
        Assert.True(ModelOutputs.MaxDifference(unmerged, merged) < 1e-5, $"merged outputs differ by {ModelOutputs.MaxDifference(unmerged, merged)}");

        LoraModel.UnmergeAll(model);
        var restoredWeight = model.named_parameters().Single(entry => entry.name == "encoder.layer.0.attention.query.base_layer.weight").parameter.data<float>().ToArray();
        Assert.True(ModelOutputs.MaxDifference(baseWeight, restoredWeight) < 1e-6);
        Assert.True(ModelOutputs.MaxDifference(unmerged, ModelOutputs.Logits(model)) < 1e-5);
    }

    [Fact]
    public void A_merge_that_would_make_weights_non_finite_is_refused()
    {
        using var model = CreateBase();
        LoraInjector.Inject(model, LoraConfig.Lora);
        var adapter = LoraModel.Adapters(model)[0];
        var baseWeight = model.named_parameters().Single(entry => entry.name == "encoder.layer.0.attention.query.base_layer.weight").parameter;
        var before = baseWeight.data<float>().ToArray();
        using (no_grad())
            model.named_parameters().Single(entry => entry.name == "encoder.layer.0.attention.query.lora_B").parameter.fill_(float.PositiveInfinity);

        Assert.Throws<InvalidOperationException>(adapter.Merge);

        Assert.False(adapter.Merged);
        Assert.Equal(before, baseWeight.data<float>().ToArray());
    }

    [Fact]
    public void Saving_then_loading_into_a_fresh_model_gives_identical_outputs()
    {
        using var directory = new TemporaryDirectory();
        using var model = CreateModelAsTheTrainerDoes(LoraConfig, labelCount: 2);
        RandomiseAdapters(model);
        var expected = ModelOutputs.Logits(model);
        var checkpoint = CheckpointWriter.Write(directory.Path, "saved", model, CheckpointTestState.For(LoraConfig));

        using var fresh = CreateModelAsTheTrainerDoes(LoraConfig with { Seed = 99 }, labelCount: 2);
        Assert.NotEqual(expected, ModelOutputs.Logits(fresh));
        CheckpointReader.LoadWeights(fresh, checkpoint.Directory);

        Assert.Equal(expected, ModelOutputs.Logits(fresh));
    }

    private static TextClassifierModel CreateModelAsTheTrainerDoes(TrainingConfig config, int labelCount)
    {
        TorchRuntime.Configure();
        torch.manual_seed(config.Seed);
        return FineTuneSetup.CreateModel(config, labelCount, CPU);
    }
}
