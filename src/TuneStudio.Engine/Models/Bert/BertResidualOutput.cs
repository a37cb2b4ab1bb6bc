using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// BERT's "dense, dropout, add the residual, LayerNorm": both attention.output and output are this shape.
public sealed class BertResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> dense;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public BertResidualOutput(int inputSize, BertConfig config) : base(nameof(BertResidualOutput))
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(dropout.forward(dense.forward(hidden)) + residual).MoveToOuterDisposeScope();
    }
}
