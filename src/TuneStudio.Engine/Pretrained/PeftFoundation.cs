using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// A PEFT adapter folder of ours (adapter_config.json, adapter_model.safetensors, vocab.txt) turned into a foundation:
// the adapter is injected into its base model from the catalogue (tunestudio_base_model, which our exports write,
// else base_model_name_or_path naming all-MiniLM-L6-v2), its tensors loaded strictly, merged into the base weights,
// and the merged encoder written as a Hugging Face folder (config.json, model.safetensors) that ImportedBertDefinition
// reads like any other import. Runs on it start from the fine-tuned encoder with a fresh head, as on any foundation.
// An adapter whose base this catalogue lacks is refused, saying which export imports instead.
public static class PeftFoundation
{
    // Written by our PEFT export: the catalogue id of the model the run adapted (an import's id is only this studio's).
    public const string BaseModelKey = "tunestudio_base_model";

    public static bool Recognises(string folder) => File.Exists(Path.Combine(folder, HuggingFaceFiles.AdapterConfig));

    /// <summary>Merges the adapter in <paramref name="folder"/> into its base and writes config.json and model.safetensors there; returns the problems (nothing written when any).</summary>
    public static IReadOnlyList<string> MergeInto(string folder, ModelCatalog catalog)
    {
        var problems = new List<string>();
        foreach (var file in new[] { HuggingFaceFiles.AdapterConfig, HuggingFaceFiles.AdapterWeights, HuggingFaceFiles.Vocabulary })
            if (!File.Exists(Path.Combine(folder, file)))
                problems.Add($"{file} is missing from the PEFT adapter.");
        if (problems.Count > 0) return problems;

        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.AdapterConfig)))!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return [$"{HuggingFaceFiles.AdapterConfig}: {e.Message}"];
        }

        var read = AdapterRegistry.All.Select(adapter => (Adapter: adapter, Config: adapter.ReadPeftConfig(json))).FirstOrDefault(r => r.Config is not null);
        if (read.Adapter is null) return [$"{HuggingFaceFiles.AdapterConfig}: peft_type must be LORA (with or without use_dora) or IA3."];
        if (!read.Adapter.CanMerge) return [$"A {read.Adapter.Method} adapter cannot be merged into its base; export the run as huggingface (merged) and import that."];

        var hubName = Text(json, "base_model_name_or_path");
        var baseId = Text(json, BaseModelKey) ?? (hubName == HuggingFaceFiles.MiniLmHubName ? MiniLmDefinition.Id : null);
        if (baseId is null || catalog.FindDefinition(baseId) is not { } definition)
            return [$"{HuggingFaceFiles.AdapterConfig} adapts '{baseId ?? hubName ?? "an unnamed model"}', which this studio's catalogue does not hold. " +
                    "Import that base model first, or export the run as huggingface (merged: a full model) and import that zip."];
        var labels = json["labels"] is JsonArray named ? named.Select(label => label!.GetValue<string>()).ToList() : ["LABEL_0", "LABEL_1"];
        var tagsTokens = Text(json, "task_type") == PeftNames.TokenClassificationTaskType;
        if (tagsTokens && !definition.SupportsTokenClassification)
            return [$"'{baseId}' has no token-classification head for a TOKEN_CLS adapter."];
        TorchRuntime.Configure();
        using var scope = NewDisposeScope();
        using var model = tagsTokens ? definition.CreateTokenClassifier(labels.Count) : definition.CreateModel(labels.Count);
        read.Adapter.Inject(model, read.Config!);
        try
        {
            using var file = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.AdapterWeights));
            var tensorProblems = PeftNames.LoadAdapterTensors(model, file.Tensors);
            if (tensorProblems.Count > 0) return tensorProblems.Select(p => $"{HuggingFaceFiles.AdapterWeights}: {p}").ToList();
        }
        catch (InvalidDataException e)
        {
            return [$"{HuggingFaceFiles.AdapterWeights}: {e.Message}"];
        }
        read.Adapter.Merge(model);

        var tensors = PretrainedExport.HuggingFaceStateDict(model);
        // PEFT's own rule for merges: refuse rather than keep weights that are no longer numbers.
        if (tensors.FirstOrDefault(t => !isfinite(t.Value).all().item<bool>()) is { Key: { } broken })
            return [$"Merging the adapter made '{broken}' non-finite; the adapter's tensors are not usable."];
        var bert = model switch
        {
            BertTextClassifier sequence => sequence.Bert.Config,
            BertTokenClassifier token => token.Bert.Config,
            _ => null,
        };
        if (bert is null) return [$"'{baseId}' is not a BERT-family encoder; only BERT-family adapters import as foundations."];

        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var config = bert.ToJson();
        config["architectures"] = new JsonArray("BertModel");
        config["model_type"] = "bert";
        config["tunestudio_merged_from"] = $"{read.Adapter.Method} adapter over {baseId}";
        File.WriteAllText(Path.Combine(folder, HuggingFaceFiles.Config), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return [];
    }

    /// <summary>The base model an adapter folder names, as our export writes it (null when it names none we know).</summary>
    public static string? BaseModelOf(string folder)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.AdapterConfig)))!.AsObject();
            return Text(json, BaseModelKey) ?? (Text(json, "base_model_name_or_path") == HuggingFaceFiles.MiniLmHubName ? MiniLmDefinition.Id : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or IOException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject json, string key) => json[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
