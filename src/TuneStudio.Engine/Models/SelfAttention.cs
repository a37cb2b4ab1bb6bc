using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// Multi-head self-attention from four plain Linear layers. The projections are typed as
// Module<Tensor, Tensor> and named query/key/value/output so LoraInjector can swap them for adapted layers.
public sealed class SelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> query;
    private nn.Module<Tensor, Tensor> key;
    private nn.Module<Tensor, Tensor> value;
    private nn.Module<Tensor, Tensor> output;
    private readonly Dropout dropout;
    private readonly int heads;
    private readonly double attentionDropout;

    public SelfAttention(int hidden, int heads, double dropoutRate) : base(nameof(SelfAttention))
    {
        if (hidden % heads != 0)
            throw new ArgumentException($"Hidden size {hidden} is not divisible by {heads} heads.");
        this.heads = heads;
        attentionDropout = dropoutRate;
        query = nn.Linear(hidden, hidden);
        key = nn.Linear(hidden, hidden);
        value = nn.Linear(hidden, hidden);
        output = nn.Linear(hidden, hidden);
        dropout = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    // hidden: [batch, length, hidden]; attentionMask: bool [batch, length], true on real tokens.
    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (batch, length, width) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);
        Tensor SplitHeads(Tensor x) => x.view(batch, length, heads, width / heads).transpose(1, 2);

        var q = SplitHeads(query.forward(hidden));
        var k = SplitHeads(key.forward(hidden));
        var v = SplitHeads(value.forward(hidden));
        // [batch, 1, 1, length]: every query may look at every real key, never at padding.
        var keyMask = attentionMask.unsqueeze(1).unsqueeze(2);
        var context = nn.functional.scaled_dot_product_attention(q, k, v, keyMask, training ? attentionDropout : 0.0);
        var merged = context.transpose(1, 2).reshape(batch, length, width);
        return dropout.forward(output.forward(merged)).MoveToOuterDisposeScope();
    }
}
