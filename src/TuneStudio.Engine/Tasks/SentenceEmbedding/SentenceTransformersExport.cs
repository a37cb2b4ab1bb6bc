using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

// Turns a sentence-embedding checkpoint into the folder sentence-transformers saves and loads
// (SentenceTransformer(folder)): modules.json chaining Transformer (the root folder), Pooling (1_Pooling, mean over
// tokens) and Normalize (2_Normalize, no files of its own); sentence_bert_config.json (max_seq_length);
// config_sentence_transformers.json (cosine similarity); and at the root the Hugging Face BertModel folder the
// Transformer module reads: config.json, model.safetensors with BertModel's names (LoRA merged in) and the tokenizer
// files. Our encoder has no pooler; BertModel has one, so it is written as an identity (weight I, bias 0) rather than
// left for transformers to initialise at random (sentence-transformers never reads it).
public static class SentenceTransformersExport
{
    public const string Modules = "modules.json";
    public const string PoolingFolder = "1_Pooling";
    public const string NormalizeFolder = "2_Normalize";
    public const string SentenceBertConfig = "sentence_bert_config.json";
    public const string SentenceTransformersConfig = "config_sentence_transformers.json";

    public static void Export(string checkpointDirectory, string targetDirectory, ModelCatalog? models = null)
    {
        if (Directory.Exists(targetDirectory) && Directory.EnumerateFileSystemEntries(targetDirectory).Any())
            throw new IOException($"{targetDirectory} is not empty.");
        models ??= ModelCatalog.BuiltIn;
        using var trained = TrainedTextClassifier.Load(checkpointDirectory, models);
        if (trained.Model is not BertSentenceEncoder encoder)
            throw new ArgumentException($"{Path.GetFileName(checkpointDirectory)} is not a sentence-embedding checkpoint of a BERT-family model.");

        var parent = Path.GetDirectoryName(Path.GetFullPath(targetDirectory))!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(targetDirectory)}.tmp-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(temporary);
        try
        {
            Write(encoder, trained.State, temporary, models);
            if (Directory.Exists(targetDirectory)) Directory.Delete(targetDirectory);
            Directory.Move(temporary, targetDirectory);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    private static void Write(BertSentenceEncoder encoder, TrainerState state, string folder, ModelCatalog models)
    {
        if (AdapterRegistry.For(state.Config.Method) is { } adapter)
        {
            if (!adapter.CanMerge) throw new NotSupportedException($"A {state.Config.Method} adapter cannot be merged into a sentence-transformers folder.");
            adapter.Merge(encoder);
        }
        var config = encoder.Bert.Config;
        using (var scope = NewDisposeScope())
        {
            var tensors = PretrainedExport.HuggingFaceStateDict(encoder)
                .ToDictionary(entry => entry.Key[BertSentenceEncoder.EncoderPrefix.Length..], entry => entry.Value);
            tensors["pooler.dense.weight"] = eye(config.HiddenSize);
            tensors["pooler.dense.bias"] = zeros(config.HiddenSize);
            Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        }

        var bertJson = config.ToJson();
        bertJson["architectures"] = new JsonArray("BertModel");
        bertJson["model_type"] = "bert";
        WriteJson(Path.Combine(folder, HuggingFaceFiles.Config), bertJson);
        var tokenizer = FineTuneSetup.Definition(state.Config, models).CreateTokenizer() as WordPieceTokenizer
            ?? throw new NotSupportedException($"Model '{state.Config.Model}' has no WordPiece vocabulary to export.");
        HuggingFaceTokenizerFiles.Write(folder, tokenizer.Vocabulary, state.Config.MaxSequenceLength);

        WriteJson(Path.Combine(folder, Modules), new JsonArray(
            Module(0, "", "sentence_transformers.models.Transformer"),
            Module(1, PoolingFolder, "sentence_transformers.models.Pooling"),
            Module(2, NormalizeFolder, "sentence_transformers.models.Normalize")));
        WriteJson(Path.Combine(folder, SentenceBertConfig), new JsonObject
        {
            ["max_seq_length"] = state.Config.MaxSequenceLength,
            ["do_lower_case"] = false, // the tokenizer lower-cases itself (tokenizer_config.json)
        });
        WriteJson(Path.Combine(folder, SentenceTransformersConfig), new JsonObject
        {
            ["prompts"] = new JsonObject(),
            ["default_prompt_name"] = null,
            ["similarity_fn_name"] = "cosine",
        });
        Directory.CreateDirectory(Path.Combine(folder, PoolingFolder));
        WriteJson(Path.Combine(folder, PoolingFolder, HuggingFaceFiles.Config), new JsonObject
        {
            ["word_embedding_dimension"] = config.HiddenSize,
            ["pooling_mode_cls_token"] = false,
            ["pooling_mode_mean_tokens"] = true,
            ["pooling_mode_max_tokens"] = false,
            ["pooling_mode_mean_sqrt_len_tokens"] = false,
            ["pooling_mode_weightedmean_tokens"] = false,
            ["pooling_mode_lasttoken"] = false,
            ["include_prompt"] = true,
        });
        Directory.CreateDirectory(Path.Combine(folder, NormalizeFolder));
    }

    private static JsonObject Module(int index, string path, string type) => new()
    {
        ["idx"] = index,
        ["name"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["path"] = path,
        ["type"] = type,
    };

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
