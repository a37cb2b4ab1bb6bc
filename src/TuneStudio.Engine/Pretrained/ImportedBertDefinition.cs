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

    // Every problem with the folder, each naming the file or the tensor; empty when it can be used.
    public static IReadOnlyList<string> Validate(string folder)
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
