using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Onnx;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// all-MiniLM-L6-v2, pre-trained, with a new classifier on its mean-pooled sentence embedding. The 90 MB ONNX
// file is parsed once; every model built afterwards copies the cached tensors, until a training run releases them.
public sealed class MiniLmDefinition : TextClassifierDefinition
{
    public const string Id = "minilm-l6";
    public const int MaxSequenceLength = 256; // sentence-transformers' max_seq_length for this model
    public static readonly BertConfig Config = BertConfig.MiniLmL6;

    private static readonly WeightCache Weights = new(LoadWeights);
    private static readonly Lazy<byte[]> Vocabulary = new(MiniLmPackage.ReadVocabulary);

    public override ModelInfo Info { get; } = new(
        Id,
        Name: "MiniLM-L6 (all-MiniLM-L6-v2)",
        Description: "A 6-layer, 384-wide BERT-family sentence encoder pre-trained on over a billion sentence pairs, " +
                     "with a new classifier on its mean-pooled embedding. English, lower-cased WordPiece.",
        Task: Tasks.TaskNames.TextClassification,
        Source: MiniLmPackage.Source,
        ParameterCount: Config.ParameterCount(withPooler: false, labelCount: 2),
        MaxSequenceLength: MaxSequenceLength,
        Methods: [FineTuneMethod.Full, FineTuneMethod.Lora, FineTuneMethod.Freeze],
        Licence: "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        Input: $"lower-cased WordPiece (30,522), up to {MaxSequenceLength} tokens")
    {
        HeadParameterCount = 2 * (Config.ParameterCount(withPooler: false, labelCount: 3) - Config.ParameterCount(withPooler: false, labelCount: 2)),
    };

    public override void ReleaseCachedWeights() => Weights.Release();

    public override ITextTokenizer CreateTokenizer() => new WordPieceTokenizer(Vocabulary.Value);

    public override TextClassifierModel CreateModel(int labelCount)
    {
        var model = new BertTextClassifier(Config, BertPooling.Mean, labelCount);
        try
        {
            Weights.Use(weights => PretrainedWeights.CopyInto(model.Bert, weights, ignore: name => name.StartsWith("pooler.", StringComparison.Ordinal)));
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

    public override int? NarrowestLinearWidth => Config.HiddenSize;

    public override TextClassifierModel CreateTokenClassifier(int labelCount)
    {
        var model = new BertTokenClassifier(Config, labelCount);
        try
        {
            Weights.Use(weights => PretrainedWeights.CopyInto(model.Bert, weights, ignore: name => name.StartsWith("pooler.", StringComparison.Ordinal)));
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
        var model = new BertSentenceEncoder(Config);
        try
        {
            Weights.Use(weights => PretrainedWeights.CopyInto(model.Bert, weights, ignore: name => name.StartsWith("pooler.", StringComparison.Ordinal)));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // How many times this process parsed the ONNX file: tests hold it to one.
    internal static int OnnxParses;

    private static IReadOnlyDictionary<string, Tensor> LoadWeights()
    {
        Interlocked.Increment(ref OnnxParses);
        var model = OnnxModelReader.Read(MiniLmPackage.ReadOnnxModel(), MiniLmPackage.ModelResource);
        return OnnxBertWeights.ToStateDict(model);
    }
}
