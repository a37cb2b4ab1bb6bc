using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// What the fine-tuning methods and the optimizer's parameter groups need from any model, text or image: its
// parameters, its stack of blocks (bottom to top: encoder layers, ResNet stages) and its new classifier head.
// Every nn.Module already has the two parameter methods.
public interface IFineTunableModel
{
    IReadOnlyList<nn.Module> EncoderBlocks { get; }

    nn.Module ClassifierHead { get; }

    IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true);

    IEnumerable<Parameter> parameters(bool recurse = true);
}
