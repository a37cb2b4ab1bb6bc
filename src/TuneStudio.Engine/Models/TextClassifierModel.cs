using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// What the trainer and the adapters need from any text classifier: logits from (ids, mask),
// and where the head and the encoder blocks are, so Freeze can pick the top of the stack.
public abstract class TextClassifierModel : nn.Module<Tensor, Tensor, Tensor>, IFineTunableModel
{
    protected TextClassifierModel(string name) : base(name) { }

    public abstract int LabelCount { get; }

    // Bottom to top.
    public abstract IReadOnlyList<nn.Module> EncoderBlocks { get; }

    public abstract nn.Module ClassifierHead { get; }
}
