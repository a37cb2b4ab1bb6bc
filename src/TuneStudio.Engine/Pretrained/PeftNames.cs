using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Our state-dict names against PEFT's adapter_model.safetensors names, both ways, each adapter naming its own
// tensors (IAdapter.ToPeftName): "bert.encoder.layer.0.attention.self.query.lora_A" ↔
// "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight", "...key.ia3_l" ↔ "base_model.model....key.ia3_l",
// "classifier.weight" ↔ "base_model.model.classifier.weight" (the head is PEFT's modules_to_save).
public static class PeftNames
{
    private const string Prefix = "base_model.model.";

    // adapter_config.json's task_type: which head the adapter's classifier is.
    public const string TokenClassificationTaskType = "TOKEN_CLS", SequenceClassificationTaskType = "SEQ_CLS";

    public static bool IsAdapterTensor(string name) =>
        AdapterRegistry.IsAdapterTensor(name) || name.StartsWith("classifier.", StringComparison.Ordinal);

    public static string ToPeft(string name) =>
        Prefix + (AdapterRegistry.All.FirstOrDefault(adapter => adapter.IsAdapterTensor(name)) is { } owner ? owner.ToPeftName(name) : name);

    public static string? FromPeft(string peftName)
    {
        if (!peftName.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var name = peftName[Prefix.Length..];
        return AdapterRegistry.All.Select(adapter => adapter.FromPeftName(name)).FirstOrDefault(ours => ours is not null) ?? name;
    }

    // The tensors a PEFT adapter folder holds for this model: every adapter tensor and the head, under PEFT's names.
    public static Dictionary<string, Tensor> AdapterTensors(TextClassifierModel model) =>
        model.state_dict().Where(entry => IsAdapterTensor(entry.Key)).ToDictionary(entry => ToPeft(entry.Key), entry => entry.Value);

    // Loads PEFT-named tensors into an adapted model strictly: every adapter tensor and the head present with its
    // shape, nothing else. Returns the problems (naming PEFT's names) and loads nothing when there are any.
    public static IReadOnlyList<string> LoadAdapterTensors(TextClassifierModel model, IReadOnlyDictionary<string, Tensor> peftTensors)
    {
        var adapter = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (peftName, tensor) in peftTensors)
            adapter[FromPeft(peftName) ?? peftName] = tensor;

        var targets = model.state_dict().Where(entry => IsAdapterTensor(entry.Key)).ToDictionary();
        var problems = new List<string>();
        problems.AddRange(targets.Keys.Where(name => !adapter.ContainsKey(name)).Order(StringComparer.Ordinal)
            .Select(name => $"Missing tensor '{ToPeft(name)}'."));
        problems.AddRange(adapter.Keys.Where(name => !targets.ContainsKey(name)).Order(StringComparer.Ordinal)
            .Select(name => $"Unexpected tensor '{ToPeft(name)}'."));
        problems.AddRange(targets.Where(entry => adapter.TryGetValue(entry.Key, out var source) && !source.shape.SequenceEqual(entry.Value.shape))
            .Select(entry => $"Tensor '{ToPeft(entry.Key)}' has shape [{string.Join(", ", adapter[entry.Key].shape)}], the model expects [{string.Join(", ", entry.Value.shape)}]."));
        if (problems.Count > 0) return problems;

        using (no_grad())
            foreach (var (name, target) in targets)
                target.copy_(adapter[name]);
        return [];
    }
}
