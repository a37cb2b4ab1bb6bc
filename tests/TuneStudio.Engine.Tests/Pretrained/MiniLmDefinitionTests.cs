using System.Diagnostics;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Pretrained;

public class MiniLmDefinitionTests(ITestOutputHelper output)
{
    [Fact]
    public void MiniLM_is_in_the_catalogue_with_every_fine_tuning_method()
    {
        var info = ModelCatalog.BuiltIn.Find("minilm-l6");

        Assert.NotNull(info);
        Assert.Equal("MiniLM-L6 (all-MiniLM-L6-v2)", info.Name);
        // A BERT encoder has biases, layers and attention projections, so every method applies to it.
        Assert.Equal(Enum.GetValues<FineTuneMethod>().Order(), info.Methods.Order());
        Assert.Equal(MiniLmPackage.Source, info.Source);
        Assert.InRange(info.ParameterCount, 22_500_000, 22_800_000);
    }

    [Fact]
    public void A_second_MiniLM_is_built_from_the_cached_weights_without_parsing_the_ONNX_file_again()
    {
        var definition = new MiniLmDefinition();
        using (definition.CreateModel(2)) { }
        var parses = MiniLmDefinition.OnnxParses;
        var clock = Stopwatch.StartNew();
        using var second = definition.CreateModel(3);

        output.WriteLine($"second model built in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(parses, MiniLmDefinition.OnnxParses);
        Assert.Equal(MiniLmDefinition.Config.ParameterCount(withPooler: false, labelCount: 3), second.parameters().Sum(p => p.numel()));
    }

    // The run keeps its own copy; 90 MB of parsed weights beside it would only raise its peak memory.
    [Fact]
    public void A_training_run_releases_the_cached_weights_so_the_next_model_parses_again()
    {
        var definition = new MiniLmDefinition();
        using (definition.CreateModel(2)) { }
        using var root = new TemporaryDirectory();
        var config = new TrainingConfig { Model = MiniLmDefinition.Id, Method = FineTuneMethod.HeadOnly, Epochs = 1, BatchSize = 8, MaxSequenceLength = 8 };
        var examples = Enumerable.Range(0, 10).Select(i => new TextExample(i % 2 == 0 ? "good day" : "bad day", i % 2)).ToList();
        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples, ["bad", "good"], root.Path), new RecordingObserver(), CancellationToken.None);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);

        var parses = MiniLmDefinition.OnnxParses;
        using (definition.CreateModel(2)) { }

        Assert.Equal(parses + 1, MiniLmDefinition.OnnxParses);
    }

    [Fact]
    public void A_bfloat16_run_builds_its_working_copy_from_the_cache_without_parsing_the_model_again()
    {
        var definition = new MiniLmDefinition();
        using (definition.CreateModel(2)) { }
        var parses = MiniLmDefinition.OnnxParses;
        using var root = new TemporaryDirectory();
        var config = new TrainingConfig
        {
            Model = MiniLmDefinition.Id, Method = FineTuneMethod.HeadOnly, Epochs = 1, BatchSize = 8, MaxSequenceLength = 8,
            Precision = PrecisionKind.Bfloat16,
        };
        var examples = Enumerable.Range(0, 10).Select(i => new TextExample(i % 2 == 0 ? "good day" : "bad day", i % 2)).ToList();

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples, ["bad", "good"], root.Path), new RecordingObserver(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(parses, MiniLmDefinition.OnnxParses);
    }

    [Fact]
    public void LoRA_targets_query_and_value_hit_every_attention_self_projection()
    {
        using var model = new BertTextClassifier(BertConfig.MiniLmL6 with { NumHiddenLayers = 2 }, BertPooling.Mean, labelCount: 2);

        var adapted = LoraInjector.Inject(model, new LoraOptions { TargetModules = ["query", "value"] });

        Assert.Equal([
            "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.value",
            "bert.encoder.layer.1.attention.self.query", "bert.encoder.layer.1.attention.self.value",
        ], adapted.Order(StringComparer.Ordinal));
    }
}
