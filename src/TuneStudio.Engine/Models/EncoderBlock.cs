using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// A post-LN block laid out like BERT's (attention, add & norm, GELU feed-forward, add & norm),
// so pre-trained BERT-family weights map onto the same shape later.
public sealed class EncoderBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly SelfAttention attention;
    private readonly LayerNorm attention_norm;
    private nn.Module<Tensor, Tensor> intermediate;
    private nn.Module<Tensor, Tensor> output;
    private readonly LayerNorm output_norm;
    private readonly Dropout dropout;

    public EncoderBlock(TinyTransformerShape shape) : base(nameof(EncoderBlock))
    {
        attention = new SelfAttention(shape.Hidden, shape.Heads, shape.Dropout);
        attention_norm = nn.LayerNorm(shape.Hidden);
        intermediate = nn.Linear(shape.Hidden, shape.FeedForward);
        output = nn.Linear(shape.FeedForward, shape.Hidden);
        output_norm = nn.LayerNorm(shape.Hidden);
        dropout = nn.Dropout(shape.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var attended = attention_norm.forward(hidden + attention.forward(hidden, attentionMask));
        var expanded = nn.functional.gelu(intermediate.forward(attended));
        var projected = dropout.forward(output.forward(expanded));
        return output_norm.forward(attended + projected).MoveToOuterDisposeScope();
    }
}
