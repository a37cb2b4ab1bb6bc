using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Turns a checkpoint of a BERT-family run into a folder stock Hugging Face classes load:
// - a full model (config.json with architectures, model_type, id2label/label2id; model.safetensors with
//   BertForSequenceClassification's or BertForTokenClassification's names), for Full and Freeze runs, and for adapter
//   runs (LoRA, DoRA, IA3) with merged: true (the adapters folded into the base weights);
// - a PEFT adapter (adapter_config.json, adapter_model.safetensors with base_model.model.* names) for adapter runs
//   with merged: false, in the layout the run's adapter gives (IAdapter.PeftConfig, ToPeftName);
// each with the tokenizer files (tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.txt).
// A token classifier is exactly BertForTokenClassification (encoder, dropout, a linear layer per token): stock
// transformers gives our outputs. A sequence classifier that mean-pools (MiniLM, imported encoders) cannot be
// expressed by stock BertForSequenceClassification, which always classifies tanh(pooler([CLS])): no weights make
// that equal a mean over tokens. Rather than change how our models classify, the export says so: config.json keeps
// "tunestudio_pooling": "mean", README.md shows the three lines that reproduce our outputs, and the pooler is written
// as an identity (weight I, bias 0) so the stock class loads without freshly initialised (random) weights.
public static class PretrainedExport
{
    private const string BaseLayerSegment = ".base_layer";

    public static void ExportHuggingFace(string checkpointDirectory, string targetDirectory, bool merged, ModelCatalog? models = null) =>
        ExportHuggingFace(checkpointDirectory, targetDirectory, merged, models, configure: null);

    // configure: a task's additions to a full model's config.json (multi-label: problem_type and its thresholds),
    // given the checkpoint's state.
    internal static void ExportHuggingFace(string checkpointDirectory, string targetDirectory, bool merged, ModelCatalog? models, Action<JsonObject, TrainerState>? configure)
    {
        if (Directory.Exists(targetDirectory) && Directory.EnumerateFileSystemEntries(targetDirectory).Any())
            throw new IOException($"{targetDirectory} is not empty.");

        models ??= ModelCatalog.BuiltIn;
        using var trained = TrainedTextClassifier.Load(checkpointDirectory, models);
        if (trained.Model is not (BertTextClassifier or BertTokenClassifier))
            throw new NotSupportedException($"Model '{trained.State.Config.Model}' is not BERT-family; only BERT-family models export to Hugging Face.");
        var bert = trained.Model;
        var adapter = AdapterRegistry.For(trained.State.Config.Method);
        var asAdapter = adapter is not null && !merged;

        var parent = Path.GetDirectoryName(Path.GetFullPath(targetDirectory))!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(targetDirectory)}.tmp-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(temporary);
        try
        {
            if (asAdapter) WriteAdapter(bert, adapter!, trained.State, temporary);
            else WriteModel(bert, adapter, trained.State, temporary, configure);
            HuggingFaceTokenizerFiles.Write(temporary, Vocabulary(trained.State, models), trained.State.Config.MaxSequenceLength);
            if (Directory.Exists(targetDirectory)) Directory.Delete(targetDirectory);
            Directory.Move(temporary, targetDirectory);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    // Our state-dict names with the adapters' wrapping removed: "...query.base_layer.weight" → "...query.weight".
    public static Dictionary<string, Tensor> HuggingFaceStateDict(Models.TextClassifierModel model) =>
        model.state_dict()
            .Where(entry => !AdapterRegistry.IsAdapterTensor(entry.Key))
            .ToDictionary(entry => entry.Key.Replace(BaseLayerSegment, "", StringComparison.Ordinal), entry => entry.Value);

    private static void WriteModel(Models.TextClassifierModel model, IAdapter? adapter, TrainerState state, string folder, Action<JsonObject, TrainerState>? configure)
    {
        if (adapter is { CanMerge: false })
            throw new NotSupportedException($"A {state.Config.Method} adapter cannot be merged; export it as a PEFT adapter.");
        adapter?.Merge(model);
        using var scope = NewDisposeScope();
        var tensors = HuggingFaceStateDict(model);
        var (bertConfig, architecture) = model is BertTokenClassifier token
            ? (token.Bert.Config, "BertForTokenClassification")
            : (((BertTextClassifier)model).Bert.Config, "BertForSequenceClassification");
        var meanPooling = model is BertTextClassifier { Pooling: BertPooling.Mean };
        if (meanPooling)
        {
            tensors["bert.pooler.dense.weight"] = eye(bertConfig.HiddenSize);
            tensors["bert.pooler.dense.bias"] = zeros(bertConfig.HiddenSize);
            File.WriteAllText(Path.Combine(folder, "README.md"), MeanPoolingReadme);
        }
        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var config = bertConfig.ToJson();
        config["architectures"] = new JsonArray(architecture);
        config["model_type"] = "bert";
        if (meanPooling) config[HuggingFaceFiles.PoolingKey] = "mean";
        config["id2label"] = new JsonObject(state.Labels.Select((label, index) =>
            KeyValuePair.Create(index.ToString(CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(label))));
        config["label2id"] = new JsonObject(state.Labels.Select((label, index) => KeyValuePair.Create(label, (JsonNode?)JsonValue.Create(index))));
        configure?.Invoke(config, state);
        WriteJson(Path.Combine(folder, HuggingFaceFiles.Config), config);
    }

    private const string MeanPoolingReadme = """
        # Fine-tuned with TuneStudio: mean pooling

        This sequence classifier reads the **mean of the last hidden states of the real tokens** (sentence-transformers
        pooling), not `[CLS]` through the pooler. Stock `BertForSequenceClassification` loads this folder (its pooler is
        stored as an identity) but computes `classifier(tanh([CLS]))`, which gives other outputs. To get the outputs
        TuneStudio gave:

        ```python
        from transformers import AutoTokenizer, BertForSequenceClassification
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model = BertForSequenceClassification.from_pretrained(folder).eval()
        batch = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
        hidden = model.bert(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        logits = model.classifier((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9))
        ```

        `config.json` records this as `"tunestudio_pooling": "mean"`; TuneStudio's own import reads it back exactly.
        """;

    // PEFT's layout: the adapter's tensors under PEFT's names and the head (modules_to_save) under its plain name, all
    // prefixed with base_model.model.; adapter_config.json is the adapter's part plus what every adapter shares.
    private static void WriteAdapter(Models.TextClassifierModel model, IAdapter adapter, TrainerState state, string folder)
    {
        Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.AdapterWeights), PeftNames.AdapterTensors(model), new Dictionary<string, string> { ["format"] = "pt" });

        var config = adapter.PeftConfig(state.Config);
        config["task_type"] = model is BertTokenClassifier ? PeftNames.TokenClassificationTaskType : PeftNames.SequenceClassificationTaskType;
        // PEFT users load the base by its hub name; our own import finds it in the catalogue by id (an import has no hub name).
        config["base_model_name_or_path"] = state.Config.Model == MiniLmDefinition.Id ? HuggingFaceFiles.MiniLmHubName : state.Config.Model;
        config[PeftFoundation.BaseModelKey] = state.Config.Model;
        config["modules_to_save"] = new JsonArray("classifier");
        config["inference_mode"] = true;
        config[HuggingFaceFiles.PoolingKey] = model is BertTextClassifier sequence ? sequence.Pooling.ToString().ToLowerInvariant() : null;
        config["labels"] = new JsonArray(state.Labels.Select(label => (JsonNode?)JsonValue.Create(label)).ToArray());
        WriteJson(Path.Combine(folder, HuggingFaceFiles.AdapterConfig), config);
    }

    private static byte[] Vocabulary(TrainerState state, ModelCatalog models) =>
        FineTuneSetup.Definition(state.Config, models).CreateTokenizer() is WordPieceTokenizer wordPiece
            ? wordPiece.Vocabulary
            : throw new NotSupportedException($"Model '{state.Config.Model}' has no WordPiece vocabulary to export.");

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
