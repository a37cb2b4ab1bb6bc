using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// BERT plus a linear "classifier" on the pooled output. Names follow BertForSequenceClassification
// (bert.embeddings..., bert.encoder.layer.N..., classifier.weight), so the state dict is HF's.
public sealed class BertTextClassifier : TextClassifierModel
{
    private readonly BertModel bert;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly int labelCount;

    public BertTextClassifier(BertConfig config, BertPooling pooling, int labelCount) : base(nameof(BertTextClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        this.labelCount = labelCount;
        Pooling = pooling;
        bert = new BertModel(config, withPooler: pooling == BertPooling.Cls);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        classifier = nn.Linear(config.HiddenSize, labelCount);
        RegisterComponents();
    }

    public const string EncoderPrefix = "bert.";

    public BertModel Bert => bert;

    public BertPooling Pooling { get; }

    public override int LabelCount => labelCount;

    public override IReadOnlyList<nn.Module> EncoderBlocks => bert.Layers;

    public override nn.Module ClassifierHead => classifier;

    // The sentence embedding the head sees: [batch, hidden].
    public Tensor Embed(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = bert.forward(inputIds, attentionMask);
        var pooled = Pooling == BertPooling.Cls ? bert.Pooler!.forward(hidden) : MeanPooling.Pool(hidden, attentionMask);
        return pooled.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(dropout.forward(Embed(inputIds, attentionMask))).MoveToOuterDisposeScope();
    }
}
