using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// BERT plus a linear "classifier" over every token's last hidden state, as BertForTokenClassification
// (bert.embeddings..., bert.encoder.layer.N..., classifier.weight/bias; no pooler). A TextClassifierModel so the
// fine-tuning methods (LoRA, freezing), dropout override and checkpoint loading work unchanged; its forward gives
// logits per token, [batch, length, labels], rather than per text.
public sealed class BertTokenClassifier : TextClassifierModel
{
    private readonly BertModel bert;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly int labelCount;

    public BertTokenClassifier(BertConfig config, int labelCount) : base(nameof(BertTokenClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        this.labelCount = labelCount;
        bert = new BertModel(config, withPooler: false);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        classifier = nn.Linear(config.HiddenSize, labelCount);
        RegisterComponents();
    }

    public BertModel Bert => bert;

    public override int LabelCount => labelCount;

    public override IReadOnlyList<nn.Module> EncoderBlocks => bert.Layers;

    public override nn.Module ClassifierHead => classifier;

    // [batch, length, labels]: one row of logits per token, padding included (the caller ignores it).
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(dropout.forward(bert.forward(inputIds, attentionMask))).MoveToOuterDisposeScope();
    }
}
