using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// The "tiny-transformer": a small BERT-shaped encoder trained from scratch on UTF-8 bytes,
// mean-pooled over real tokens into a linear classifier. Small enough to train in seconds on 2 cores.
public sealed class TinyTransformerClassifier : TextClassifierModel
{
    private readonly TextEmbeddings embeddings;
    private readonly TransformerEncoder encoder;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly int labelCount;

    public TinyTransformerClassifier(TinyTransformerShape shape, int labelCount) : base(nameof(TinyTransformerClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        this.labelCount = labelCount;
        embeddings = new TextEmbeddings(shape);
        encoder = new TransformerEncoder(shape);
        dropout = nn.Dropout(shape.Dropout);
        classifier = nn.Linear(shape.Hidden, labelCount);
        RegisterComponents();
    }

    public override int LabelCount => labelCount;

    public override IReadOnlyList<nn.Module> EncoderBlocks => encoder.Blocks;

    public override nn.Module ClassifierHead => classifier;

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = encoder.forward(embeddings.forward(inputIds), attentionMask);
        var weights = attentionMask.unsqueeze(-1).to_type(hidden.dtype);
        var pooled = (hidden * weights).sum(1) / weights.sum(1).clamp_min(1.0);
        return classifier.forward(dropout.forward(pooled)).MoveToOuterDisposeScope();
    }
}
