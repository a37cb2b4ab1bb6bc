using System.Text.Json.Nodes;
using TorchSharp;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Adapters;

// PEFT's invariants (its test_custom_models.py matrix), for every adapter the registry lists, on the tiny transformer:
// a registered adapter is covered without being named here.
public class AdapterInvariantTests
{
    public static TheoryData<FineTuneMethod> Registered => new(AdapterRegistry.All.Select(adapter => adapter.Method));

    // Options that give each known adapter something to adapt on the tiny model (its layers are query, key, value,
    // attention output, intermediate, output); an adapter registered later runs with its defaults.
    private static TrainingConfig ConfigFor(FineTuneMethod method) => new()
    {
        Method = method,
        Seed = 3,
        LearningRate = 5e-3,
        BatchSize = 16,
        Epochs = 1,
        Lora = new LoraOptions { Rank = 4, Alpha = 8, TargetModules = ["query", "value"] },
        Ia3 = new Ia3Options { TargetModules = ["key", "value"], FeedforwardModules = ["output"] },
    };

    private static IAdapter AdapterOf(FineTuneMethod method) => AdapterRegistry.For(method)!;

    [Theory]
    [MemberData(nameof(Registered))]
    public void A_fresh_adapter_leaves_the_outputs_exactly_as_the_base_model_gives_them(FineTuneMethod method)
    {
        using var model = CreateBase();
        var before = ModelOutputs.Logits(model);

        var adapted = AdapterOf(method).Inject(model, ConfigFor(method));

        Assert.NotEmpty(adapted);
        Assert.DoesNotContain("classifier", adapted);
        Assert.Equal(before, ModelOutputs.Logits(model));
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void Injection_leaves_only_the_adapter_and_the_head_trainable(FineTuneMethod method)
    {
        using var model = CreateBase();
        var adapter = AdapterOf(method);
        adapter.Inject(model, ConfigFor(method));

        var trainable = model.named_parameters().Where(entry => entry.parameter.requires_grad).Select(entry => entry.name).ToList();

        Assert.All(trainable, name => Assert.True(adapter.IsAdapterTensor(name) || name.StartsWith("classifier."), name));
        Assert.Contains(trainable, adapter.IsAdapterTensor);
        Assert.Contains("classifier.weight", trainable);
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void Training_changes_only_the_adapter_and_the_head_and_outputs_stay_finite(FineTuneMethod method)
    {
        var config = ConfigFor(method);
        var adapter = AdapterOf(method);
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        using var initial = CreateModelAsTheTrainerDoes(config, labels.Count);
        var before = ModelOutputs.SnapshotParameters(initial);

        var result = TextClassificationTrainer.Run(
            new TrainingJob(config, examples.Take(160).ToList(), labels, directory.Path), new RecordingObserver(), CancellationToken.None);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);

        using var trained = CreateModelAsTheTrainerDoes(config, labels.Count);
        CheckpointReader.LoadWeights(trained, Directory.GetDirectories(directory.Path).Single());
        var after = ModelOutputs.SnapshotParameters(trained);

        var changed = before.Keys.Where(name => !before[name].SequenceEqual(after[name])).ToList();
        Assert.All(changed, name => Assert.True(adapter.IsAdapterTensor(name) || name.StartsWith("classifier."), $"{name} changed"));
        Assert.Contains("classifier.weight", changed);
        Assert.Contains(changed, adapter.IsAdapterTensor);
        Assert.All(ModelOutputs.Logits(trained), logit => Assert.True(float.IsFinite(logit)));
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void Merging_gives_the_same_outputs_and_unmerging_restores_the_base(FineTuneMethod method)
    {
        var adapter = AdapterOf(method);
        if (!adapter.CanMerge) return;
        using var model = CreateBase();
        adapter.Inject(model, ConfigFor(method));
        Perturb(model, adapter);
        var baseWeights = BaseLayerWeights(model);
        var unmerged = ModelOutputs.Logits(model);
        Assert.NotEqual(unmerged, LogitsOfFreshBase());

        adapter.Merge(model);
        var merged = ModelOutputs.Logits(model);
        Assert.All(model.modules().OfType<IAdapterLayer>(), layer => Assert.True(layer.Merged));
        Assert.True(ModelOutputs.MaxDifference(unmerged, merged) < 1e-5, $"merged outputs differ by {ModelOutputs.MaxDifference(unmerged, merged)}");
        Assert.All(merged, logit => Assert.True(float.IsFinite(logit)));

        adapter.Unmerge(model);
        var restored = BaseLayerWeights(model);
        Assert.All(baseWeights, entry => Assert.True(ModelOutputs.MaxDifference(entry.Value, restored[entry.Key]) < 1e-6, entry.Key));
        Assert.True(ModelOutputs.MaxDifference(unmerged, ModelOutputs.Logits(model)) < 1e-5);
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void Saving_then_loading_into_a_fresh_model_gives_identical_outputs(FineTuneMethod method)
    {
        var config = ConfigFor(method);
        using var directory = new TemporaryDirectory();
        using var model = CreateModelAsTheTrainerDoes(config, labelCount: 2);
        Perturb(model, AdapterOf(method));
        var expected = ModelOutputs.Logits(model);
        var checkpoint = CheckpointWriter.Write(directory.Path, "saved", model, CheckpointTestState.For(config));

        using var fresh = CreateModelAsTheTrainerDoes(config with { Seed = 99 }, labelCount: 2);
        Assert.NotEqual(expected, ModelOutputs.Logits(fresh));
        CheckpointReader.LoadWeights(fresh, checkpoint.Directory);

        Assert.Equal(expected, ModelOutputs.Logits(fresh));
    }

    // What PretrainedExport writes and PeftAdapterImport reads, on the tiny model: the adapter's tensors under PEFT's
    // names and its adapter_config.json part, read back onto a fresh base.
    [Theory]
    [MemberData(nameof(Registered))]
    public void A_PEFT_export_re_imports_to_identical_outputs(FineTuneMethod method)
    {
        var adapter = AdapterOf(method);
        var config = ConfigFor(method);
        using var model = CreateBase();
        adapter.Inject(model, config);
        Perturb(model, adapter);
        var expected = ModelOutputs.Logits(model);

        using var scope = NewDisposeScope();
        var tensors = PeftNames.AdapterTensors(model).ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());
        var json = JsonNode.Parse(adapter.PeftConfig(config).ToJsonString())!.AsObject();
        Assert.All(tensors.Keys, name => Assert.StartsWith("base_model.model.", name));

        var read = adapter.ReadPeftConfig(json);
        Assert.NotNull(read);
        Assert.Equal([adapter], AdapterRegistry.All.Where(other => other.ReadPeftConfig(json) is not null));
        using var imported = CreateBase();
        adapter.Inject(imported, read!);
        Assert.Empty(PeftNames.LoadAdapterTensors(imported, tensors));

        Assert.Equal(expected, ModelOutputs.Logits(imported));
    }

    // A fork starts from the checkpoint's weights with the adapter merged in: a plain model that computes what the
    // adapted one did.
    [Theory]
    [MemberData(nameof(Registered))]
    public void A_fork_into_full_fine_tuning_starts_from_the_merged_weights(FineTuneMethod method)
    {
        var config = ConfigFor(method);
        using var directory = new TemporaryDirectory();
        using var model = CreateModelAsTheTrainerDoes(config, labelCount: 2);
        Perturb(model, AdapterOf(method));
        var expected = ModelOutputs.Logits(model);
        var checkpoint = CheckpointWriter.Write(directory.Path, "parent", model, CheckpointTestState.For(config));

        using var fork = FineTuneSetup.CreateModel(config with { Method = FineTuneMethod.Full }, labelCount: 2, CPU, initialWeights: checkpoint.Directory);

        Assert.DoesNotContain(fork.named_parameters(), entry => AdapterRegistry.IsAdapterTensor(entry.name) || entry.name.Contains(".base_layer."));
        Assert.True(ModelOutputs.MaxDifference(expected, ModelOutputs.Logits(fork)) < 1e-5);
    }

    private static TextClassifierModel CreateBase(int seed = 3)
    {
        TorchRuntime.Configure();
        torch.manual_seed(seed);
        return ModelCatalog.BuiltIn.FindDefinition("tiny-transformer")!.CreateModel(labelCount: 2);
    }

    private static float[] LogitsOfFreshBase()
    {
        using var model = CreateBase();
        return ModelOutputs.Logits(model);
    }

    private static TextClassifierModel CreateModelAsTheTrainerDoes(TrainingConfig config, int labelCount)
    {
        TorchRuntime.Configure();
        torch.manual_seed(config.Seed);
        return FineTuneSetup.CreateModel(config, labelCount, CPU);
    }

    // A fresh adapter computes the identity; moving every adapter tensor gives merging and saving something to show.
    private static void Perturb(nn.Module model, IAdapter adapter)
    {
        using var _ = no_grad();
        torch.manual_seed(17);
        foreach (var (_, parameter) in model.named_parameters().Where(entry => adapter.IsAdapterTensor(entry.name)))
            parameter.add_(randn_like(parameter) * 0.1);
    }

    private static Dictionary<string, float[]> BaseLayerWeights(nn.Module model) =>
        model.named_parameters().Where(entry => entry.name.Contains(".base_layer.", StringComparison.Ordinal))
            .ToDictionary(entry => entry.name, entry => entry.parameter.data<float>().ToArray());
}
