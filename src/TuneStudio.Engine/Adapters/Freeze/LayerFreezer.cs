using TorchSharp;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Adapters.Freeze;

// The methods that train a subset of the existing parameters: each freezes everything, then unfreezes what it promises.
// The classifier head is new for every task, so every one of them trains it.
public static class LayerFreezer
{
    // Classic partial fine-tuning: the head and the top N encoder blocks.
    public static void FreezeAllButTop(IFineTunableModel model, int trainableTopBlocks)
    {
        foreach (var parameter in model.parameters()) parameter.requires_grad = false;
        UnfreezeTopBlocks(model, trainableTopBlocks);
        SetAll(model.ClassifierHead, true);
    }

    // Everything trains except parameters whose name matches a pattern (the head always trains).
    public static void FreezeMatching(IFineTunableModel model, IReadOnlyList<string> patterns)
    {
        var frozen = ParameterPatterns.AnyOf(patterns);
        foreach (var (name, parameter) in model.named_parameters())
            parameter.requires_grad = !frozen(name);
        SetAll(model.ClassifierHead, true);
    }

    // BitFit (Ben Zaken et al., 2021): only bias terms, plus the head.
    public static void TrainBiasesOnly(IFineTunableModel model)
    {
        foreach (var (name, parameter) in model.named_parameters())
            parameter.requires_grad = IsBias(name);
        SetAll(model.ClassifierHead, true);
    }

    // Linear probe: the encoder is a fixed feature extractor.
    public static void TrainHeadOnly(IFineTunableModel model) => FreezeAllButTop(model, 0);

    // Unfreezes the top N blocks without freezing anything (gradual unfreezing adds blocks as it goes).
    public static void UnfreezeTopBlocks(IFineTunableModel model, int blocks)
    {
        var all = model.EncoderBlocks;
        foreach (var block in all.Skip(Math.Max(0, all.Count - blocks)))
            SetAll(block, true);
    }

    public static bool IsBias(string parameterName) =>
        parameterName == "bias" || parameterName.EndsWith(".bias", StringComparison.Ordinal);

    private static void SetAll(torch.nn.Module module, bool trainable)
    {
        foreach (var parameter in module.parameters())
            parameter.requires_grad = trainable;
    }
}
