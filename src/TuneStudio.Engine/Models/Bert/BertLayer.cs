using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// encoder.layer.N: attention, intermediate (feed-forward up), output (down, residual, LayerNorm). Post-LN.
public sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertResidualOutput(config.IntermediateSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var attended = attention.forward(hidden, attentionMask);
        return output.forward(intermediate.forward(attended), attended).MoveToOuterDisposeScope();
    }
}
