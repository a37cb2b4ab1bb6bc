using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Lora;

// Replaces each targeted Linear in a model by a LoraLinear and freezes everything else but the head (and the biases
// LoraOptions.Bias asks for). Targets: see LoraOptions.TargetModules. The head is never adapted: it is new for every
// task and trains in full. DoRA targets and trains the same way with its own layer (the `adapt` overload).
public static class LoraInjector
{
    // Returns the paths of the adapted layers.
    public static IReadOnlyList<string> Inject(TextClassifierModel model, LoraOptions options) =>
        Inject(model, options, "LoRA", layer => new LoraLinear(layer, options.Rank, options.Alpha, options.Dropout, options.UseRsLora));

    public static IReadOnlyList<string> Inject(TextClassifierModel model, LoraOptions options, string method, Func<Linear, nn.Module<Tensor, Tensor>> adapt)
    {
        LinearLayers.FreezeAll(model);
        var targets = LinearLayers.Targets(model, TargetMatcher(options.TargetModules), method, options.TargetModules);

        foreach (var (path, layer) in targets)
        {
            LinearLayers.Replace(model, path, adapt(layer));
            if (options.Bias == LoraBias.LoraOnly && layer.bias is { } bias)
                bias.requires_grad = true;
        }

        if (options.Bias == LoraBias.All)
            foreach (var (name, parameter) in model.named_parameters())
                if (LayerFreezer.IsBias(name)) parameter.requires_grad = true;

        LinearLayers.TrainHead(model);
        return targets.Select(target => target.Path).ToList();
    }

    private static Func<string, bool> TargetMatcher(IReadOnlyList<string> targetModules)
    {
        if (targetModules.Contains(LoraOptions.AllLinear)) return _ => true;
        var plainNames = targetModules.Where(name => !IsPattern(name)).ToHashSet(StringComparer.Ordinal);
        var patterns = ParameterPatterns.AnyOf(targetModules.Where(IsPattern));
        return path => plainNames.Contains(LinearLayers.LastSegment(path)) || patterns(path);
    }

    private static bool IsPattern(string name) =>
        name.IndexOfAny(['.', '*', '?']) >= 0 || name.StartsWith(ParameterPatterns.RegexPrefix, StringComparison.Ordinal);
}
