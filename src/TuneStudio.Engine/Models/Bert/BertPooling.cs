using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// Mean: the average of real tokens' last hidden states (sentence-transformers, what MiniLM was trained for).
// Cls: the pooler over [CLS] (Hugging Face's BertForSequenceClassification).
public enum BertPooling { Mean, Cls }

public static class MeanPooling
{
    public static Tensor Pool(Tensor lastHiddenState, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var weights = attentionMask.unsqueeze(-1).to_type(lastHiddenState.dtype);
        return ((lastHiddenState * weights).sum(1) / weights.sum(1).clamp_min(1e-9)).MoveToOuterDisposeScope();
    }
}
