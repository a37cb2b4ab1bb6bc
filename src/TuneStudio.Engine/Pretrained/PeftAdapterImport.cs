using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// A PEFT LoRA adapter over all-MiniLM-L6-v2: the catalogue's MiniLM with the head task_type names (TOKEN_CLS: a tag
// per token, as BertForTokenClassification; otherwise a mean-pooled sequence classifier), LoRA injected as
// adapter_config.json says, then the adapter's lora_A/lora_B and head loaded strictly (every adapted layer's tensors
// present, nothing else).
internal static class PeftAdapterImport
{
    public static ImportedModel Import(string folder)
    {
        var problems = new List<string>();
        foreach (var file in new[] { HuggingFaceFiles.AdapterConfig, HuggingFaceFiles.AdapterWeights, HuggingFaceFiles.Vocabulary })
            if (!File.Exists(Path.Combine(folder, file)))
                problems.Add($"{file} is missing.");
        if (problems.Count > 0) throw new ImportRejectedException(problems);

        var (options, labels, tagsTokens) = ReadConfig(Path.Combine(folder, HuggingFaceFiles.AdapterConfig));
        var miniLm = new MiniLmDefinition();
        var model = tagsTokens ? miniLm.CreateTokenClassifier(labels.Count) : miniLm.CreateModel(labels.Count);
        try
        {
            LoraInjector.Inject(model, options);
            using var file = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.AdapterWeights));
            var adapter = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (peftName, tensor) in file.Tensors)
                adapter[PeftNames.FromPeft(peftName) ?? peftName] = tensor;

            var targets = model.state_dict().Where(entry => PeftNames.IsAdapterTensor(entry.Key)).ToDictionary();
            var tensorProblems = new List<string>();
            tensorProblems.AddRange(targets.Keys.Where(name => !adapter.ContainsKey(name)).Order(StringComparer.Ordinal)
                .Select(name => $"Missing tensor '{PeftNames.ToPeft(name)}'."));
            tensorProblems.AddRange(adapter.Keys.Where(name => !targets.ContainsKey(name)).Order(StringComparer.Ordinal)
                .Select(name => $"Unexpected tensor '{PeftNames.ToPeft(name)}'."));
            tensorProblems.AddRange(targets.Where(entry => adapter.TryGetValue(entry.Key, out var source) && !source.shape.SequenceEqual(entry.Value.shape))
                .Select(entry => $"Tensor '{PeftNames.ToPeft(entry.Key)}' has shape [{string.Join(", ", adapter[entry.Key].shape)}], the model expects [{string.Join(", ", entry.Value.shape)}]."));
            if (tensorProblems.Count > 0) throw new ImportRejectedException(tensorProblems);

            using (no_grad())
                foreach (var (name, target) in targets)
                    target.copy_(adapter[name]);
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
    private static (LoraOptions Options, IReadOnlyList<string> Labels, bool TagsTokens) ReadConfig(string path)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var problems = new List<string>();
            if (json["peft_type"]?.GetValue<string>() != "LORA") problems.Add($"{HuggingFaceFiles.AdapterConfig}: peft_type must be LORA.");
            if (json["base_model_name_or_path"]?.GetValue<string>() != HuggingFaceFiles.MiniLmHubName)
                problems.Add($"{HuggingFaceFiles.AdapterConfig}: only adapters over {HuggingFaceFiles.MiniLmHubName} can be imported.");
            var tagsTokens = json["task_type"]?.GetValue<string>() == PeftNames.TokenClassificationTaskType;
            if (!tagsTokens && json[HuggingFaceFiles.PoolingKey]?.GetValue<string>() is not (null or "mean"))
                problems.Add($"{HuggingFaceFiles.AdapterConfig}: MiniLM adapters pool by mean.");
            if (problems.Count > 0) throw new ImportRejectedException(problems);

            var options = new LoraOptions
            {
                Rank = json["r"]!.GetValue<int>(),
                Alpha = json["lora_alpha"]!.GetValue<double>(),
                Dropout = json["lora_dropout"]?.GetValue<double>() ?? 0,
                TargetModules = json["target_modules"]!.AsArray().Select(name => name!.GetValue<string>()).ToList(),
            };
            var labels = json["labels"] is JsonArray named
                ? named.Select(label => label!.GetValue<string>()).ToList()
                : ["LABEL_0", "LABEL_1"];
            return (options, labels, tagsTokens);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ImportRejectedException([$"{HuggingFaceFiles.AdapterConfig}: {exception.Message}"]);
        }
    }
}
