using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

public sealed class ImportRejectedException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

// A BERT-family classifier read from a Hugging Face folder, in eval mode, with its own tokenizer and labels:
// a sequence classifier (BertTextClassifier) or a token classifier (BertTokenClassifier).
public sealed class ImportedModel(Models.TextClassifierModel model, WordPieceTokenizer tokenizer, IReadOnlyList<string> labels) : IDisposable
{
    public Models.TextClassifierModel Model { get; } = model;

    public WordPieceTokenizer Tokenizer { get; } = tokenizer;

    public IReadOnlyList<string> Labels { get; } = labels;

    // Class probabilities per text, [texts][labels].
    public float[][] PredictProbabilities(IReadOnlyList<string> texts, int maxSequenceLength)
    {
        if (texts.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = Tokenizer.Encode(texts, maxSequenceLength, CPU);
        var flat = nn.functional.softmax(Model.forward(batch.InputIds, batch.AttentionMask), 1).data<float>().ToArray();
        return Enumerable.Range(0, texts.Count).Select(row => flat.AsSpan(row * Labels.Count, Labels.Count).ToArray()).ToArray();
    }

    public void Dispose() => Model.Dispose();
}
