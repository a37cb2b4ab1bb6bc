using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Copies named tensors into a module strictly: every parameter and buffer must be given with its exact shape,
// and nothing unknown may be left over, because a half-loaded encoder trains and predicts without complaint.
public static class PretrainedWeights
{
    public static void CopyInto(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, Func<string, bool>? ignore = null)
    {
        var problems = Check(module, weights, ignore);
        if (problems.Count > 0)
            throw new InvalidDataException(string.Join(" ", problems));

        using var _ = no_grad();
        foreach (var (name, target) in module.state_dict())
            target.copy_(weights[name]);
    }

    // Each problem names the tensor: missing, unexpected, or shaped differently.
    public static IReadOnlyList<string> Check(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, Func<string, bool>? ignore = null)
    {
        var targets = module.state_dict();
        var problems = new List<string>();
        foreach (var name in targets.Keys.Where(name => !weights.ContainsKey(name)).Order(StringComparer.Ordinal))
            problems.Add($"Missing tensor '{name}'.");
        foreach (var name in weights.Keys.Where(name => !targets.ContainsKey(name) && ignore?.Invoke(name) != true).Order(StringComparer.Ordinal))
            problems.Add($"Unexpected tensor '{name}'.");
        foreach (var (name, target) in targets)
            if (weights.TryGetValue(name, out var source) && !source.shape.SequenceEqual(target.shape))
                problems.Add($"Tensor '{name}' has shape [{string.Join(", ", source.shape)}], the model expects [{string.Join(", ", target.shape)}].");
        return problems;
    }
}
