using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// A BERT-family encoder a user brought as a Hugging Face folder (config.json, model.safetensors, vocab.txt),
// offered as a foundation: runs on it start from its encoder weights with a fresh classifier for their labels.
// Accepts BertModel names ("encoder.layer.0…") and BertForSequenceClassification names ("bert.encoder…"); the
// file's own classifier and pooler are left out: the new head reads the mean-pooled tokens, as for MiniLM.
public sealed class ImportedBertDefinition : TextClassifierDefinition
{
    private readonly string _folder;
    private readonly BertConfig _config;
    private readonly WeightCache _encoderWeights;
    private readonly Lazy<byte[]> _vocabulary;

    private ImportedBertDefinition(string id, string name, string source, string folder, BertConfig config)
    {
        _folder = folder;
        _config = config;
        _encoderWeights = new(ReadEncoderWeights);
        _vocabulary = new(() => File.ReadAllBytes(Path.Combine(folder, HuggingFaceFiles.Vocabulary)));
        int maxLength = Math.Min(512, config.MaxPositionEmbeddings);
        Info = new ModelInfo(
            id, name,
            Description: $"Imported BERT-family encoder: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads.",
            Task: Tasks.TaskNames.TextClassification,
            Source: source,
            ParameterCount: config.ParameterCount(withPooler: false, labelCount: 2),
            MaxSequenceLength: maxLength,
            Methods: [FineTuneMethod.Full, FineTuneMethod.Lora, FineTuneMethod.Freeze],
            Licence: "as stated by whoever imported it",
            Input: $"WordPiece ({config.VocabSize:N0}), up to {maxLength} tokens")
        {
            HeadParameterCount = 2 * (config.ParameterCount(withPooler: false, labelCount: 3) - config.ParameterCount(withPooler: false, labelCount: 2)),
        };
    }

    public override ModelInfo Info { get; }

    // Every problem with the folder, each naming the file or the tensor; empty when it can be used. Nothing is built
    // until config.json is within BertConfig's limits, its weights (float32) within maxWeightBytes, and the
    // safetensors header's shapes agree with it: a few hundred bytes cannot make the import build a large network.
    public static IReadOnlyList<string> Validate(string folder, long maxWeightBytes = long.MaxValue)
    {
        var problems = new List<string>();
        foreach (var file in new[] { HuggingFaceFiles.Config, HuggingFaceFiles.Weights, HuggingFaceFiles.Vocabulary })
            if (!File.Exists(Path.Combine(folder, file)))
                problems.Add($"{file} is missing.");
        if (problems.Count > 0) return problems;

        BertConfig config;
        try { config = ReadConfig(folder); }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return [$"{HuggingFaceFiles.Config}: {e.Message}"];
        }

        var weightBytes = config.ParameterCount(withPooler: false, labelCount: 0) * sizeof(float);
        if (weightBytes > maxWeightBytes)
            return [$"{HuggingFaceFiles.Config} describes {weightBytes / sizeof(float):N0} parameters, about {weightBytes / 1e9:0.0} GB as float32: above this studio's limit of {maxWeightBytes / 1e9:0.0} GB for an imported model."];
        var headerProblems = CheckHeader(folder, config);
        if (headerProblems.Count > 0) return headerProblems;

        TorchRuntime.Configure();
        using var scope = NewDisposeScope();
        using var model = new BertModel(config, withPooler: false);
        try
        {
            using var file = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights));
            return PretrainedWeights.Check(model, EncoderNames(file.Tensors), IsIgnorable);
        }
        catch (InvalidDataException e)
        {
            return [$"{HuggingFaceFiles.Weights}: {e.Message}"];
        }
    }

    // The shapes config.json implies for the tensors that carry its sizes, against the header's (no data is read).
    private static IReadOnlyList<string> CheckHeader(string folder, BertConfig config)
    {
        IReadOnlyDictionary<string, long[]> shapes;
        try { shapes = Safetensors.ReadShapes(Path.Combine(folder, HuggingFaceFiles.Weights)); }
        catch (InvalidDataException e) { return [$"{HuggingFaceFiles.Weights}: {e.Message}"]; }
        catch (IOException e) { return [$"{HuggingFaceFiles.Weights} could not be read: {e.Message}"]; }

        var encoder = shapes.ToDictionary(
            e => e.Key.StartsWith(BertTextClassifier.EncoderPrefix, StringComparison.Ordinal) ? e.Key[BertTextClassifier.EncoderPrefix.Length..] : e.Key,
            e => e.Value, StringComparer.Ordinal);
        var expected = new List<(string Name, long[] Shape)>
        {
            ("embeddings.word_embeddings.weight", [config.VocabSize, config.HiddenSize]),
            ("embeddings.position_embeddings.weight", [config.MaxPositionEmbeddings, config.HiddenSize]),
        };
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            expected.Add(($"encoder.layer.{layer}.attention.self.query.weight", [config.HiddenSize, config.HiddenSize]));
            expected.Add(($"encoder.layer.{layer}.intermediate.dense.weight", [config.IntermediateSize, config.HiddenSize]));
        }
        var problems = new List<string>();
        foreach (var (name, shape) in expected)
        {
            if (!encoder.TryGetValue(name, out var actual))
                problems.Add($"{HuggingFaceFiles.Weights} has no tensor '{name}', which {HuggingFaceFiles.Config} implies.");
            else if (!actual.SequenceEqual(shape))
                problems.Add($"{HuggingFaceFiles.Weights}: '{name}' is [{string.Join(", ", actual)}]; {HuggingFaceFiles.Config} implies [{string.Join(", ", shape)}].");
            if (problems.Count >= 10) break;
        }
        var layers = encoder.Keys.Where(name => name.StartsWith("encoder.layer.", StringComparison.Ordinal))
            .Select(name => name.Split('.')[2]).Distinct().Count();
        if (problems.Count == 0 && layers != config.NumHiddenLayers)
            problems.Add($"{HuggingFaceFiles.Weights} holds {layers} encoder layers; {HuggingFaceFiles.Config} says num_hidden_layers {config.NumHiddenLayers}.");
        return problems;
    }

    // Throws ImportRejectedException naming every problem.
    public static ImportedBertDefinition Open(string id, string name, string source, string folder)
    {
        var problems = Validate(folder);
        if (problems.Count > 0) throw new ImportRejectedException(problems);
        return new ImportedBertDefinition(id, name, source, folder, ReadConfig(folder));
    }

    public override void ReleaseCachedWeights() => _encoderWeights.Release();

    public override int? NarrowestLinearWidth => _config.HiddenSize;

    public override ITextTokenizer CreateTokenizer() => new WordPieceTokenizer(_vocabulary.Value);

    public override TextClassifierModel CreateModel(int labelCount)
    {
        var model = new BertTextClassifier(_config, BertPooling.Mean, labelCount);
        try
        {
            _encoderWeights.Use(weights => PretrainedWeights.CopyInto(model.Bert, weights, IsIgnorable));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override bool SupportsTokenClassification => true;

    public override bool SupportsGradientCheckpointing => true;

    public override TextClassifierModel CreateTokenClassifier(int labelCount)
    {
        var model = new BertTokenClassifier(_config, labelCount);
        try
        {
            _encoderWeights.Use(weights => PretrainedWeights.CopyInto(model.Bert, weights, IsIgnorable));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override TextClassifierModel CreateSentenceEncoder()
    {
        var model = new BertSentenceEncoder(_config);
        try
        {
            _encoderWeights.Use(weights => PretrainedWeights.CopyInto(model.Bert, weights, IsIgnorable));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private IReadOnlyDictionary<string, Tensor> ReadEncoderWeights()
    {
        using var file = Safetensors.Read(Path.Combine(_folder, HuggingFaceFiles.Weights));
        return EncoderNames(file.Tensors).ToDictionary(e => e.Key, e => e.Value.clone());
    }

    // The encoder's own names, whether the file was saved from BertModel or from BertForSequenceClassification.
    private static Dictionary<string, Tensor> EncoderNames(IReadOnlyDictionary<string, Tensor> tensors) =>
        tensors.ToDictionary(
            e => e.Key.StartsWith(BertTextClassifier.EncoderPrefix, StringComparison.Ordinal) ? e.Key[BertTextClassifier.EncoderPrefix.Length..] : e.Key,
            e => e.Value);

    private static bool IsIgnorable(string name) =>
        name.StartsWith("classifier.", StringComparison.Ordinal) || name.StartsWith("pooler.", StringComparison.Ordinal)
        || name.EndsWith("embeddings.position_ids", StringComparison.Ordinal);

    private static BertConfig ReadConfig(string folder) => BertConfig.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.Config)));
}
