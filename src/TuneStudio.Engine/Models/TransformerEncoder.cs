using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// Exists so parameter names read encoder.layer.N..., as in Hugging Face checkpoints.
public sealed class TransformerEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<EncoderBlock> layer;

    public TransformerEncoder(TinyTransformerShape shape) : base(nameof(TransformerEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, shape.Layers).Select(_ => new EncoderBlock(shape)).ToArray());
        RegisterComponents();
    }

    public IReadOnlyList<EncoderBlock> Blocks => layer.ToList();

    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var current = hidden;
        foreach (var block in layer)
            current = block.forward(current, attentionMask);
        return current.MoveToOuterDisposeScope();
    }
}
