using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Lora;

// Replaces each targeted Linear in a model by a LoraLinear and freezes everything else but the head (and the biases
// LoraOptions.Bias asks for). Targets: see LoraOptions.TargetModules. The head is never adapted: it is new for every
// task and trains in full.
public static class LoraInjector
{
    // Returns the paths of the adapted layers.
    public static IReadOnlyList<string> Inject(TextClassifierModel model, LoraOptions options)
    {
        foreach (var parameter in model.parameters())
            parameter.requires_grad = false;

        var modulesByPath = model.named_modules().ToDictionary(entry => entry.name, entry => entry.module);
        var head = model.ClassifierHead;
        var isTarget = TargetMatcher(options.TargetModules);
        var targets = modulesByPath
            .Where(entry => entry.Value is Linear && entry.Value != head && isTarget(entry.Key))
            .Select(entry => (Path: entry.Key, Layer: (Linear)entry.Value))
            .ToList();
        if (targets.Count == 0)
            throw new InvalidOperationException(
                $"No linear layer matches the LoRA targets [{string.Join(", ", options.TargetModules)}].");

        foreach (var (path, layer) in targets)
        {
            var separator = path.LastIndexOf('.');
            var parent = separator < 0 ? model : modulesByPath[path[..separator]];
            var adapted = new LoraLinear(layer, options.Rank, options.Alpha, options.Dropout, options.UseRsLora);
            Replace(parent, LastSegment(path), adapted);
            if (options.Bias == LoraBias.LoraOnly && layer.bias is { } bias)
                bias.requires_grad = true;
        }

        if (options.Bias == LoraBias.All)
            foreach (var (name, parameter) in model.named_parameters())
                if (LayerFreezer.IsBias(name)) parameter.requires_grad = true;

        foreach (var parameter in model.ClassifierHead.parameters())
            parameter.requires_grad = true;
        return targets.Select(target => target.Path).ToList();
    }

    private static Func<string, bool> TargetMatcher(IReadOnlyList<string> targetModules)
    {
        if (targetModules.Contains(LoraOptions.AllLinear)) return _ => true;
        var plainNames = targetModules.Where(name => !IsPattern(name)).ToHashSet(StringComparer.Ordinal);
        var patterns = ParameterPatterns.AnyOf(targetModules.Where(IsPattern));
        return path => plainNames.Contains(LastSegment(path)) || patterns(path);
    }

    private static bool IsPattern(string name) =>
        name.IndexOfAny(['.', '*', '?']) >= 0 || name.StartsWith(ParameterPatterns.RegexPrefix, StringComparison.Ordinal);

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];

    // TorchSharp names a submodule after the field that holds it, and forward() calls through that field,
    // so both the field and the registration must change.
    private static void Replace(nn.Module parent, string name, LoraLinear adapted)
    {
        var field = FindField(parent.GetType(), name)
            ?? throw new InvalidOperationException($"{parent.GetType().Name} has no field '{name}' to adapt.");
        if (!field.FieldType.IsAssignableFrom(typeof(LoraLinear)))
            throw new InvalidOperationException(
                $"{parent.GetType().Name}.{name} is declared as {field.FieldType.Name}; declare it as Module<Tensor, Tensor> so LoRA can adapt it.");

        field.SetValue(parent, adapted);
        parent.register_module(name, null!);
        parent.register_module(name, adapted);
    }

    private static FieldInfo? FindField(Type? type, string name)
    {
        for (; type is not null; type = type.BaseType)
        {
            var field = type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly);
            if (field is not null) return field;
        }
        return null;
    }
}
