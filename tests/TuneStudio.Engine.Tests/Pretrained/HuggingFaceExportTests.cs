using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Pretrained;

public class HuggingFaceExportTests(TrainedMiniLmFixture trained) : IClassFixture<TrainedMiniLmFixture>
{
    [Fact]
    public void Exported_full_model_imports_back_with_identical_outputs()
    {
        var folder = trained.NewFolder("full");
        PretrainedExport.ExportHuggingFace(trained.FullCheckpoint, folder, merged: false);

        using var original = TrainedTextClassifier.Load(trained.FullCheckpoint);
        using var imported = HuggingFaceImport.Import(folder);

        Assert.Equal(original.Labels, imported.Labels);
        Assert.Equal(Flatten(original.PredictProbabilities(TrainedMiniLmFixture.Probe)),
            Flatten(imported.PredictProbabilities(TrainedMiniLmFixture.Probe, TrainedMiniLmFixture.MaxLength)));
    }

    [Fact]
    public void Exported_full_model_uses_Hugging_Face_names_and_config()
    {
        var folder = trained.NewFolder("names");
        PretrainedExport.ExportHuggingFace(trained.FullCheckpoint, folder, merged: false);

        using var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights));
        Assert.Contains("bert.embeddings.word_embeddings.weight", weights.Tensors.Keys);
        Assert.Contains("bert.encoder.layer.0.attention.self.query.weight", weights.Tensors.Keys);
        Assert.Contains("bert.encoder.layer.5.attention.output.LayerNorm.weight", weights.Tensors.Keys);
        Assert.Contains("bert.encoder.layer.5.output.dense.weight", weights.Tensors.Keys);
        Assert.Contains("classifier.weight", weights.Tensors.Keys);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.Config)))!;
        Assert.Equal(384, config["hidden_size"]!.GetValue<int>());
        Assert.Equal(6, config["num_hidden_layers"]!.GetValue<int>());
        Assert.Equal("mean", config[HuggingFaceFiles.PoolingKey]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(folder, HuggingFaceFiles.Vocabulary)));
    }

    [Fact]
    public void LoRA_run_exports_a_PEFT_adapter_whose_update_is_what_the_merged_export_adds()
    {
        var adapterFolder = trained.NewFolder("adapter");
        var mergedFolder = trained.NewFolder("merged");
        PretrainedExport.ExportHuggingFace(trained.LoraCheckpoint, adapterFolder, merged: false);
        PretrainedExport.ExportHuggingFace(trained.LoraCheckpoint, mergedFolder, merged: true);

        using var adapter = Safetensors.Read(Path.Combine(adapterFolder, HuggingFaceFiles.AdapterWeights));
        using var merged = Safetensors.Read(Path.Combine(mergedFolder, HuggingFaceFiles.Weights));
        const string query = "bert.encoder.layer.0.attention.self.query";
        Assert.Equal(6 * 2 * 2 + 2, adapter.Tensors.Count); // A and B for query and value in 6 layers, plus the head
        Assert.Contains($"base_model.model.{query}.lora_A.weight", adapter.Tensors.Keys);
        Assert.Contains("base_model.model.classifier.weight", adapter.Tensors.Keys);
        var peft = JsonNode.Parse(File.ReadAllText(Path.Combine(adapterFolder, HuggingFaceFiles.AdapterConfig)))!;
        Assert.Equal("LORA", peft["peft_type"]!.GetValue<string>());
        Assert.Equal(8, peft["r"]!.GetValue<int>());

        using var scope = NewDisposeScope();
        using var baseModel = new MiniLmDefinition().CreateModel(labelCount: 2);
        var baseWeight = baseModel.state_dict()[$"{query}.weight"];
        var a = adapter.Tensors[$"base_model.model.{query}.lora_A.weight"];
        var b = adapter.Tensors[$"base_model.model.{query}.lora_B.weight"];
        var expected = baseWeight + b.matmul(a) * (16.0 / 8);
        Assert.True(b.abs().max().item<float>() > 0, "LoRA B never moved: the fixture did not train");
        Assert.True(expected.allclose(merged.Tensors[$"{query}.weight"], rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Merged_LoRA_export_imports_back_with_the_same_outputs()
    {
        var folder = trained.NewFolder("merged-import");
        PretrainedExport.ExportHuggingFace(trained.LoraCheckpoint, folder, merged: true);

        using var original = TrainedTextClassifier.Load(trained.LoraCheckpoint);
        using var imported = HuggingFaceImport.Import(folder);

        var expected = Flatten(original.PredictProbabilities(TrainedMiniLmFixture.Probe));
        var actual = Flatten(imported.PredictProbabilities(TrainedMiniLmFixture.Probe, TrainedMiniLmFixture.MaxLength));
        Assert.All(expected.Zip(actual), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1e-5));
    }

    [Fact]
    public void PEFT_adapter_imports_back_onto_MiniLM_with_identical_outputs()
    {
        var folder = trained.NewFolder("adapter-import");
        PretrainedExport.ExportHuggingFace(trained.LoraCheckpoint, folder, merged: false);

        using var original = TrainedTextClassifier.Load(trained.LoraCheckpoint);
        using var imported = HuggingFaceImport.Import(folder);

        Assert.Equal(original.Labels, imported.Labels);
        Assert.Equal(Flatten(original.PredictProbabilities(TrainedMiniLmFixture.Probe)),
            Flatten(imported.PredictProbabilities(TrainedMiniLmFixture.Probe, TrainedMiniLmFixture.MaxLength)));
    }

    [Fact]
    public void A_PEFT_adapter_missing_a_LoRA_tensor_is_rejected_with_its_PEFT_name()
    {
        var folder = trained.NewFolder("adapter-broken");
        PretrainedExport.ExportHuggingFace(trained.LoraCheckpoint, folder, merged: false);
        const string removed = "base_model.model.bert.encoder.layer.2.attention.self.value.lora_B.weight";
        Rewrite(Path.Combine(folder, HuggingFaceFiles.AdapterWeights), tensors => tensors.Remove(removed));

        Assert.Equal([$"Missing tensor '{removed}'."], HuggingFaceImport.Validate(folder));
    }

    [Fact]
    public void Without_our_pooling_key_a_folder_is_read_as_stock_CLS_pooling_which_gives_other_outputs()
    {
        var folder = trained.NewFolder("cls");
        PretrainedExport.ExportHuggingFace(trained.FullCheckpoint, folder, merged: false);
        var configPath = Path.Combine(folder, HuggingFaceFiles.Config);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config.Remove(HuggingFaceFiles.PoolingKey);
        File.WriteAllText(configPath, config.ToJsonString());

        // What stock BertForSequenceClassification does with the export: it loads (the pooler is there, as an
        // identity) but classifies tanh([CLS]), not the mean the model was trained on; hence the README and the key.
        using var original = TrainedTextClassifier.Load(trained.FullCheckpoint);
        using var asStock = HuggingFaceImport.Import(folder);
        Assert.Equal(Engine.Models.Bert.BertPooling.Cls, ((Engine.Models.Bert.BertTextClassifier)asStock.Model).Pooling);
        Assert.NotEqual(Flatten(original.PredictProbabilities(TrainedMiniLmFixture.Probe)),
            Flatten(asStock.PredictProbabilities(TrainedMiniLmFixture.Probe, TrainedMiniLmFixture.MaxLength)));
    }

    [Fact]
    public void Import_names_a_missing_tensor()
    {
        var folder = ExportThenRewrite(tensors => tensors.Remove("bert.encoder.layer.3.intermediate.dense.weight"));

        var problems = HuggingFaceImport.Validate(folder);

        Assert.Equal(["Missing tensor 'bert.encoder.layer.3.intermediate.dense.weight'."], problems);
        Assert.Throws<ImportRejectedException>(() => HuggingFaceImport.Import(folder));
    }

    [Fact]
    public void Import_names_a_tensor_with_the_wrong_shape_and_an_unexpected_one()
    {
        var folder = ExportThenRewrite(tensors =>
        {
            tensors["bert.encoder.layer.1.attention.self.value.bias"] = zeros(383);
            tensors["bert.encoder.layer.9.output.dense.weight"] = zeros(2, 2);
        });

        var problems = HuggingFaceImport.Validate(folder);

        Assert.Contains("Unexpected tensor 'bert.encoder.layer.9.output.dense.weight'.", problems);
        Assert.Contains("Tensor 'bert.encoder.layer.1.attention.self.value.bias' has shape [383], the model expects [384].", problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Import_reports_missing_files()
    {
        var folder = trained.NewFolder("empty");
        Directory.CreateDirectory(folder);

        Assert.Equal(["config.json is missing.", "model.safetensors is missing.", "vocab.txt is missing."], HuggingFaceImport.Validate(folder));
    }

    private string ExportThenRewrite(Action<Dictionary<string, Tensor>> change)
    {
        var folder = trained.NewFolder("rewritten");
        PretrainedExport.ExportHuggingFace(trained.FullCheckpoint, folder, merged: false);
        Rewrite(Path.Combine(folder, HuggingFaceFiles.Weights), change);
        return folder;
    }

    private static void Rewrite(string path, Action<Dictionary<string, Tensor>> change)
    {
        Dictionary<string, Tensor> tensors;
        using (var file = Safetensors.Read(path))
            tensors = file.Tensors.ToDictionary(entry => entry.Key, entry => entry.Value.clone());
        change(tensors);
        File.Delete(path);
        Safetensors.Write(path, tensors);
        foreach (var tensor in tensors.Values) tensor.Dispose();
    }

    private static float[] Flatten(float[][] rows) => rows.SelectMany(row => row).ToArray();
}
