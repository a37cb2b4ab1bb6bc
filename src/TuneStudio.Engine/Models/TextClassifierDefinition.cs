namespace TuneStudio.Engine.Models;

// One catalogue entry for a text classifier: what to show about it, and how to build it
// (with its tokenizer) for a given number of labels. Pre-trained models add their own definition.
public abstract class TextClassifierDefinition : ModelDefinition
{
    public abstract ITextTokenizer CreateTokenizer();

    public abstract TextClassifierModel CreateModel(int labelCount);

    // Token classification needs a sub-word tokenizer (IWordTokenizer) and a per-token head.
    public virtual bool SupportsTokenClassification => false;

    // The smaller dimension of the narrowest linear layer an adapter may wrap (null when unknown): a LoRA rank above
    // it cannot add rank. Every linear layer of these encoders is hidden × something at least hidden.
    public virtual int? NarrowestLinearWidth => null;

    // Whether its encoder can recompute its layers in the backward (TrainingConfig.GradientCheckpointing).
    public virtual bool SupportsGradientCheckpointing => false;

    // A model with a tag per token (same encoder as CreateModel's, a new per-token head).
    public virtual TextClassifierModel CreateTokenClassifier(int labelCount) =>
        throw new NotSupportedException($"Model '{Info.Id}' cannot tag tokens.");

    // A head-less sentence encoder (sentence embedding): the same encoder as CreateModel's, mean-pooled and
    // L2-normalised, with no classifier. Only BERT-family encoders have one.
    public virtual TextClassifierModel CreateSentenceEncoder() =>
        throw new NotSupportedException($"Model '{Info.Id}' has no sentence encoder; sentence embedding needs a BERT-family model such as minilm-l6.");
}
