using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Lora;

// Merge and unmerge every adapter in a model at once (for inference, or to export plain weights).
public static class LoraModel
{
    public static IReadOnlyList<LoraLinear> Adapters(nn.Module model) =>
        model.modules().OfType<LoraLinear>().ToList();

    public static void MergeAll(nn.Module model)
    {
        foreach (var adapter in Adapters(model)) adapter.Merge();
    }

    public static void UnmergeAll(nn.Module model)
    {
        foreach (var adapter in Adapters(model)) adapter.Unmerge();
    }
}
