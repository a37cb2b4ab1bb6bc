namespace TuneStudio.Engine.Pretrained;

// Our state-dict names against PEFT's adapter_model.safetensors names, both ways:
// "bert.encoder.layer.0.attention.self.query.lora_A" ↔ "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight",
// "classifier.weight" ↔ "base_model.model.classifier.weight" (the head is PEFT's modules_to_save).
public static class PeftNames
{
    private const string Prefix = "base_model.model.";
    private const string LoraWeightSuffix = ".weight";

    // adapter_config.json's task_type: which head the adapter's classifier is.
    public const string TokenClassificationTaskType = "TOKEN_CLS", SequenceClassificationTaskType = "SEQ_CLS";

    public static bool IsAdapterTensor(string name) =>
        IsLora(name) || name.StartsWith("classifier.", StringComparison.Ordinal);

    public static string ToPeft(string name) => Prefix + (IsLora(name) ? name + LoraWeightSuffix : name);

    public static string? FromPeft(string peftName)
    {
        if (!peftName.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var name = peftName[Prefix.Length..];
        return name.Contains(".lora_", StringComparison.Ordinal) && name.EndsWith(LoraWeightSuffix, StringComparison.Ordinal)
            ? name[..^LoraWeightSuffix.Length]
            : name;
    }

    private static bool IsLora(string name) =>
        name.EndsWith(".lora_A", StringComparison.Ordinal) || name.EndsWith(".lora_B", StringComparison.Ordinal);
}
