using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// attention.self: the query/key/value projections and scaled dot-product attention. The projections are
// typed Module<Tensor, Tensor> so LoraInjector can replace them (targetModules ["query", "value"]).
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> query;
    private nn.Module<Tensor, Tensor> key;
    private nn.Module<Tensor, Tensor> value;
    private readonly int heads;
    private readonly double dropoutRate;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        heads = config.NumAttentionHeads;
        dropoutRate = config.AttentionProbsDropoutProb;
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    // hidden [batch, length, hidden]; attentionMask bool [batch, length], true on real tokens.
    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (batch, length, width) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);
        Tensor SplitHeads(Tensor x) => x.view(batch, length, heads, width / heads).transpose(1, 2);

        var q = SplitHeads(query.forward(hidden));
        var k = SplitHeads(key.forward(hidden));
        var v = SplitHeads(value.forward(hidden));
        // [batch, 1, 1, length]: a query never looks at a padding key, as BERT's additive mask intends.
        var keyMask = attentionMask.unsqueeze(1).unsqueeze(2);
        var context = nn.functional.scaled_dot_product_attention(q, k, v, keyMask, training ? dropoutRate : 0.0);
        return context.transpose(1, 2).reshape(batch, length, width).MoveToOuterDisposeScope();
    }
}
