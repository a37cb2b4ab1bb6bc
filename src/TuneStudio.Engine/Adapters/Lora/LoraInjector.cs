using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Lora;

// Replaces each targeted Linear in a model by a LoraLinear and freezes everything else but the head.
// A layer is targeted when the last segment of its path ("encoder.layer.0.attention.query" -> "query")
// is one of LoraOptions.TargetModules. The head is never adapted: it is new for every task and trains in full.
public static class LoraInjector
{
    // Returns the paths of the adapted layers.
    public static IReadOnlyList<string> Inject(TextClassifierModel model, LoraOptions options)
    {
        foreach (var parameter in model.parameters())
            parameter.requires_grad = false;

        var modulesByPath = model.named_modules().ToDictionary(entry => entry.name, entry => entry.module);
        var head = model.ClassifierHead;
        var targets = modulesByPath
            .Where(entry => entry.Value is Linear && entry.Value != head && options.TargetModules.Contains(LastSegment(entry.Key)))
            .Select(entry => (Path: entry.Key, Layer: (Linear)entry.Value))
            .ToList();
        if (targets.Count == 0)
            throw new InvalidOperationException(
                $"No linear layer matches the LoRA targets [{string.Join(", ", options.TargetModules)}].");

        foreach (var (path, layer) in targets)
        {
            var separator = path.LastIndexOf('.');
            var parent = separator < 0 ? model : modulesByPath[path[..separator]];
            Replace(parent, LastSegment(path), new LoraLinear(layer, options.Rank, options.Alpha, options.Dropout));
        }

        foreach (var parameter in model.ClassifierHead.parameters())
            parameter.requires_grad = true;
        return targets.Select(target => target.Path).ToList();
    }

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
