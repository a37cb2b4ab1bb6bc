using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// layer.N.attention: "self" (the attention proper) then "output" (projection, residual, LayerNorm).
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention self;
    private readonly BertResidualOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(config);
        output = new BertResidualOutput(config.HiddenSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return output.forward(self.forward(hidden, attentionMask), hidden).MoveToOuterDisposeScope();
    }
}
