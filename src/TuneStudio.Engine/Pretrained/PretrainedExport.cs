using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Turns a checkpoint of a BERT-family run into a folder Hugging Face tools read:
// - a full model (config.json, model.safetensors with BertForSequenceClassification names, vocab.txt), for Full and
//   Freeze runs, and for LoRA runs with merged: true (the adapters folded into the base weights);
// - a PEFT adapter (adapter_config.json, adapter_model.safetensors with base_model.model.* names, vocab.txt) for
//   LoRA runs with merged: false.
// The classifier pools the way the run trained (mean for MiniLM); config.json records it under "tunestudio_pooling",
// because stock BertForSequenceClassification pools [CLS] and would give other outputs.
public static class PretrainedExport
{
    private const string BaseLayerSegment = ".base_layer";

    public static void ExportHuggingFace(string checkpointDirectory, string targetDirectory, bool merged)
    {
        if (Directory.Exists(targetDirectory) && Directory.EnumerateFileSystemEntries(targetDirectory).Any())
            throw new IOException($"{targetDirectory} is not empty.");

        using var trained = TrainedTextClassifier.Load(checkpointDirectory);
        if (trained.Model is not BertTextClassifier bert)
            throw new NotSupportedException($"Model '{trained.State.Config.Model}' is not BERT-family; only BERT-family models export to Hugging Face.");
        var adapters = LoraModel.Adapters(bert);
        var asAdapter = adapters.Count > 0 && !merged;

        var parent = Path.GetDirectoryName(Path.GetFullPath(targetDirectory))!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(targetDirectory)}.tmp-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(temporary);
        try
        {
            if (asAdapter) WriteAdapter(bert, trained.State, temporary);
            else WriteModel(bert, trained.State, temporary);
            File.WriteAllBytes(Path.Combine(temporary, HuggingFaceFiles.Vocabulary), Vocabulary(trained.State));
            WriteJson(Path.Combine(temporary, HuggingFaceFiles.TokenizerConfig), new JsonObject
            {
                ["tokenizer_class"] = "BertTokenizer",
                ["do_lower_case"] = true,
                ["model_max_length"] = trained.State.Config.MaxSequenceLength,
            });
            if (Directory.Exists(targetDirectory)) Directory.Delete(targetDirectory);
            Directory.Move(temporary, targetDirectory);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    // Our state-dict names with LoRA's wrapping removed: "...query.base_layer.weight" → "...query.weight".
    public static Dictionary<string, Tensor> HuggingFaceStateDict(BertTextClassifier model) =>
        model.state_dict()
            .Where(entry => !entry.Key.Contains(".lora_", StringComparison.Ordinal))
            .ToDictionary(entry => entry.Key.Replace(BaseLayerSegment, "", StringComparison.Ordinal), entry => entry.Value);

    private static void WriteModel(BertTextClassifier model, TrainerState state, string folder)
    {
        LoraModel.MergeAll(model);
        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), HuggingFaceStateDict(model), new Dictionary<string, string> { ["format"] = "pt" });

        var config = model.Bert.Config.ToJson();
        config["architectures"] = new JsonArray("BertForSequenceClassification");
        config["model_type"] = "bert";
        config[HuggingFaceFiles.PoolingKey] = model.Pooling.ToString().ToLowerInvariant();
        config["id2label"] = new JsonObject(state.Labels.Select((label, index) =>
            KeyValuePair.Create(index.ToString(CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(label))));
        config["label2id"] = new JsonObject(state.Labels.Select((label, index) => KeyValuePair.Create(label, (JsonNode?)JsonValue.Create(index))));
        WriteJson(Path.Combine(folder, HuggingFaceFiles.Config), config);
    }

    // PEFT's layout: lora_A/lora_B as "<path>.lora_A.weight" and the head (modules_to_save) under its plain name,
    // all prefixed with base_model.model.
    private static void WriteAdapter(BertTextClassifier model, TrainerState state, string folder)
    {
        var tensors = model.state_dict()
            .Where(entry => PeftNames.IsAdapterTensor(entry.Key))
            .ToDictionary(entry => PeftNames.ToPeft(entry.Key), entry => entry.Value);
        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.AdapterWeights), tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var lora = state.Config.Lora;
        WriteJson(Path.Combine(folder, HuggingFaceFiles.AdapterConfig), new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "SEQ_CLS",
            ["base_model_name_or_path"] = HuggingFaceFiles.MiniLmHubName,
            ["r"] = lora.Rank,
            ["lora_alpha"] = lora.Alpha,
            ["lora_dropout"] = lora.Dropout,
            ["target_modules"] = new JsonArray(lora.TargetModules.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray()),
            ["modules_to_save"] = new JsonArray("classifier"),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["inference_mode"] = true,
            [HuggingFaceFiles.PoolingKey] = model.Pooling.ToString().ToLowerInvariant(),
            ["labels"] = new JsonArray(state.Labels.Select(label => (JsonNode?)JsonValue.Create(label)).ToArray()),
        });
    }

    private static byte[] Vocabulary(TrainerState state) =>
        FineTuneSetup.Definition(state.Config).CreateTokenizer() is WordPieceTokenizer wordPiece
            ? wordPiece.Vocabulary
            : throw new NotSupportedException($"Model '{state.Config.Model}' has no WordPiece vocabulary to export.");

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
