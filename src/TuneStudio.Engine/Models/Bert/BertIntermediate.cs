using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> dense;
    private readonly string activation;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var projected = dense.forward(hidden);
        return activation switch
        {
            "relu" => nn.functional.relu(projected),
            _ => nn.functional.gelu(projected),
        };
    }
}
