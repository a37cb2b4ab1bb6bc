using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Pretrained;

// DoRA and IA3 runs on MiniLM export in PEFT's layouts and import back to the outputs they gave.
public class AdapterPeftExportTests(AdapterPeftExportTests.TrainedAdapters trained) : IClassFixture<AdapterPeftExportTests.TrainedAdapters>
{
    private const string Layer0 = "base_model.model.bert.encoder.layer.0.";

    [Fact]
    public void A_DoRA_run_exports_PEFT_s_LoRA_config_with_use_dora_and_its_magnitude_vectors()
    {
        var folder = trained.NewFolder("dora");
        PretrainedExport.ExportHuggingFace(trained.Dora, folder, merged: false);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.AdapterConfig)))!;
        Assert.Equal("LORA", config["peft_type"]!.GetValue<string>());
        Assert.True(config["use_dora"]!.GetValue<bool>());
        using var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.AdapterWeights));
        // query and value in 6 layers: A, B and the magnitude each, plus the head's weight and bias.
        Assert.Equal(6 * 2 * 3 + 2, weights.Tensors.Count);
        Assert.Equal([384L], weights.Tensors[Layer0 + "attention.self.query.lora_magnitude_vector"].shape);
        Assert.Equal([8L, 384L], weights.Tensors[Layer0 + "attention.self.value.lora_A.weight"].shape);
        Assert.True(weights.Tensors[Layer0 + "attention.self.value.lora_B.weight"].abs().max().item<float>() > 0, "DoRA's B never moved: the fixture did not train");
    }

    [Fact]
    public void An_IA3_run_exports_PEFT_s_IA3_config_and_ia3_l_vectors()
    {
        var folder = trained.NewFolder("ia3");
        PretrainedExport.ExportHuggingFace(trained.Ia3, folder, merged: false);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.AdapterConfig)))!;
        Assert.Equal("IA3", config["peft_type"]!.GetValue<string>());
        Assert.Equal(["key", "value", "output.dense"], config["target_modules"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(["output.dense"], config["feedforward_modules"]!.AsArray().Select(name => name!.GetValue<string>()));
        using var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.AdapterWeights));
        // key, value, attention.output.dense and output.dense in 6 layers, plus the head's weight and bias.
        Assert.Equal(6 * 4 + 2, weights.Tensors.Count);
        Assert.Equal([384L, 1L], weights.Tensors[Layer0 + "attention.self.key.ia3_l"].shape);
        Assert.Equal([1L, 384L], weights.Tensors[Layer0 + "attention.output.dense.ia3_l"].shape);
        Assert.Equal([1L, 1536L], weights.Tensors[Layer0 + "output.dense.ia3_l"].shape);
        Assert.True((weights.Tensors[Layer0 + "attention.self.key.ia3_l"] - 1).abs().max().item<float>() > 0, "IA3's vectors never moved: the fixture did not train");
    }

    [Theory]
    [InlineData(FineTuneMethod.Dora)]
    [InlineData(FineTuneMethod.Ia3)]
    public void The_PEFT_adapter_imports_back_with_identical_outputs(FineTuneMethod method)
    {
        var checkpoint = trained.Of(method);
        var folder = trained.NewFolder("import");
        PretrainedExport.ExportHuggingFace(checkpoint, folder, merged: false);

        using var original = TrainedTextClassifier.Load(checkpoint);
        using var imported = HuggingFaceImport.Import(folder);

        Assert.Equal(original.Labels, imported.Labels);
        Assert.Equal(Flatten(original.PredictProbabilities(TrainedMiniLmFixture.Probe)),
            Flatten(imported.PredictProbabilities(TrainedMiniLmFixture.Probe, TrainedMiniLmFixture.MaxLength)));
    }

    [Theory]
    [InlineData(FineTuneMethod.Dora)]
    [InlineData(FineTuneMethod.Ia3)]
    public void The_merged_export_imports_back_with_the_same_outputs(FineTuneMethod method)
    {
        var checkpoint = trained.Of(method);
        var folder = trained.NewFolder("merged");
        PretrainedExport.ExportHuggingFace(checkpoint, folder, merged: true);

        using var original = TrainedTextClassifier.Load(checkpoint);
        using var imported = HuggingFaceImport.Import(folder);

        var expected = Flatten(original.PredictProbabilities(TrainedMiniLmFixture.Probe));
        var actual = Flatten(imported.PredictProbabilities(TrainedMiniLmFixture.Probe, TrainedMiniLmFixture.MaxLength));
        Assert.All(expected.Zip(actual), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1e-5));
    }

    private static float[] Flatten(float[][] rows) => rows.SelectMany(row => row).ToArray();

    // A DoRA and an IA3 MiniLM checkpoint, a few steps each.
    public sealed class TrainedAdapters : IDisposable
    {
        private readonly TemporaryDirectory directory = new();

        public TrainedAdapters()
        {
            Dora = Train(FineTuneMethod.Dora);
            Ia3 = Train(FineTuneMethod.Ia3);
        }

        public string Dora { get; }

        public string Ia3 { get; }

        public string Of(FineTuneMethod method) => method == FineTuneMethod.Dora ? Dora : Ia3;

        public string NewFolder(string name) => Path.Combine(directory.Path, name + Guid.NewGuid().ToString("N")[..6]);

        private string Train(FineTuneMethod method)
        {
            var (examples, labels) = TestData.FirstNames();
            var config = new TrainingConfig
            {
                Model = MiniLmDefinition.Id, Method = method, LearningRate = 2e-2, BatchSize = 16, Epochs = 1,
                MaxSequenceLength = TrainedMiniLmFixture.MaxLength, ValidationFraction = 0.25,
            };
            var observer = new RecordingObserver();
            var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(48).ToList(), labels, Path.Combine(directory.Path, method.ToString())), observer, CancellationToken.None);
            if (result.Outcome != TrainingOutcome.Completed)
                throw new InvalidOperationException($"Fixture training failed: {result.FailureReason}");
            return observer.Checkpoints.Single().Directory;
        }

        public void Dispose() => directory.Dispose();
    }
}
