using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// A PEFT adapter over all-MiniLM-L6-v2: the catalogue's MiniLM with the head task_type names (TOKEN_CLS: a tag
// per token, as BertForTokenClassification; otherwise a mean-pooled sequence classifier), the adapter whose
// adapter_config.json this is (AdapterRegistry: LoRA, DoRA's use_dora, IA3) injected as it says, then its tensors and
// the head loaded strictly (every adapted layer's tensors present, nothing else).
internal static class PeftAdapterImport
{
    public static ImportedModel Import(string folder)
    {
        var problems = new List<string>();
        foreach (var file in new[] { HuggingFaceFiles.AdapterConfig, HuggingFaceFiles.AdapterWeights, HuggingFaceFiles.Vocabulary })
            if (!File.Exists(Path.Combine(folder, file)))
                problems.Add($"{file} is missing.");
        if (problems.Count > 0) throw new ImportRejectedException(problems);

        var (adapter, config, labels, tagsTokens) = ReadConfig(Path.Combine(folder, HuggingFaceFiles.AdapterConfig));
        var miniLm = new MiniLmDefinition();
        var model = tagsTokens ? miniLm.CreateTokenClassifier(labels.Count) : miniLm.CreateModel(labels.Count);
        try
        {
            adapter.Inject(model, config);
            using var file = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.AdapterWeights));
            var tensorProblems = PeftNames.LoadAdapterTensors(model, file.Tensors);
            if (tensorProblems.Count > 0) throw new ImportRejectedException(tensorProblems);
            model.eval();
            return new ImportedModel(model, new WordPieceTokenizer(File.ReadAllBytes(Path.Combine(folder, HuggingFaceFiles.Vocabulary))), labels);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // TagsTokens: task_type is TOKEN_CLS, as PretrainedExport writes for a token-classification run.
    private static (IAdapter Adapter, TrainingConfig Config, IReadOnlyList<string> Labels, bool TagsTokens) ReadConfig(string path)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var problems = new List<string>();
            var described = AdapterRegistry.All.Select(adapter => (Adapter: adapter, Config: adapter.ReadPeftConfig(json))).FirstOrDefault(read => read.Config is not null);
            if (described.Adapter is null)
                problems.Add($"{HuggingFaceFiles.AdapterConfig}: peft_type must be LORA (with or without use_dora) or IA3.");
            if (json["base_model_name_or_path"]?.GetValue<string>() != HuggingFaceFiles.MiniLmHubName)
                problems.Add($"{HuggingFaceFiles.AdapterConfig}: only adapters over {HuggingFaceFiles.MiniLmHubName} can be imported.");
            var tagsTokens = json["task_type"]?.GetValue<string>() == PeftNames.TokenClassificationTaskType;
            if (!tagsTokens && json[HuggingFaceFiles.PoolingKey]?.GetValue<string>() is not (null or "mean"))
                problems.Add($"{HuggingFaceFiles.AdapterConfig}: MiniLM adapters pool by mean.");
            if (problems.Count > 0) throw new ImportRejectedException(problems);

            var labels = json["labels"] is JsonArray named
                ? named.Select(label => label!.GetValue<string>()).ToList()
                : ["LABEL_0", "LABEL_1"];
            return (described.Adapter!, described.Config!, labels, tagsTokens);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ImportRejectedException([$"{HuggingFaceFiles.AdapterConfig}: {exception.Message}"]);
        }
    }
}
