using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters;

// Finding the Linear layers an adapter targets and putting its wrapped layer in their place. The head is never
// adapted: it is new for every task and trains in full.
public static class LinearLayers
{
    public static IReadOnlyList<(string Path, Linear Layer)> Targets(TextClassifierModel model, Func<string, bool> isTarget, string method, IReadOnlyList<string> targetModules)
    {
        var head = model.ClassifierHead;
        var targets = model.named_modules()
            .Where(entry => entry.module is Linear && entry.module != head && isTarget(entry.name))
            .Select(entry => (Path: entry.name, Layer: (Linear)entry.module))
            .ToList();
        if (targets.Count == 0)
            throw new InvalidOperationException(
                $"No linear layer matches the {method} targets [{string.Join(", ", targetModules)}].");
        return targets;
    }

    // PEFT's matching: a name matches a module whose path is the name or ends with "." + name ("output.dense").
    public static bool MatchesSuffix(string path, IEnumerable<string> names) =>
        names.Any(name => path == name || path.EndsWith("." + name, StringComparison.Ordinal));

    public static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];

    // TorchSharp names a submodule after the field that holds it, and forward() calls through that field,
    // so both the field and the registration must change.
    public static void Replace(TextClassifierModel model, string path, nn.Module<Tensor, Tensor> adapted)
    {
        var separator = path.LastIndexOf('.');
        var parent = separator < 0 ? model : model.named_modules().Single(entry => entry.name == path[..separator]).module;
        var name = LastSegment(path);
        var field = FindField(parent.GetType(), name)
            ?? throw new InvalidOperationException($"{parent.GetType().Name} has no field '{name}' to adapt.");
        if (!field.FieldType.IsAssignableFrom(adapted.GetType()))
            throw new InvalidOperationException(
                $"{parent.GetType().Name}.{name} is declared as {field.FieldType.Name}; declare it as Module<Tensor, Tensor> so adapters can wrap it.");

        field.SetValue(parent, adapted);
        parent.register_module(name, null!);
        parent.register_module(name, adapted);
    }

    public static void FreezeAll(nn.Module model)
    {
        foreach (var parameter in model.parameters())
            parameter.requires_grad = false;
    }

    public static void TrainHead(TextClassifierModel model)
    {
        foreach (var parameter in model.ClassifierHead.parameters())
            parameter.requires_grad = true;
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
