using System.Text.Json.Nodes;
using TorchSharp;

namespace TuneStudio.Engine.Adapters.Lora;

// LoRA (Hu et al. 2021) behind the adapter interface: LoraInjector wraps the targets in LoraLinear layers.
public sealed class LoraAdapter : IAdapter
{
    public FineTuneMethod Method => FineTuneMethod.Lora;

    public IReadOnlyList<string> Inject(Models.TextClassifierModel model, TrainingConfig config) => LoraInjector.Inject(model, config.Lora);

    public bool IsAdapterTensor(string name) => LoraPeft.IsLowRankTensor(name);

    public bool CanMerge => true;

    public void Merge(torch.nn.Module model) => LoraModel.MergeAll(model);

    public void Unmerge(torch.nn.Module model) => LoraModel.UnmergeAll(model);

    // lora_A is drawn from torch's generator after the base weights, so the seeded rebuild gives the same frozen base.
    public bool CheckpointsOmitFrozenWeights => true;

    public double LearningRateRatio(string parameterName, TrainingConfig config) => LoraPeft.LoraPlusRatio(parameterName, config.Lora);

    public string ToPeftName(string name) => LoraPeft.ToPeftName(name);

    public string? FromPeftName(string peftName) => LoraPeft.FromPeftName(peftName);

    public JsonObject PeftConfig(TrainingConfig config) => LoraPeft.Config(config.Lora, useDora: false);

    public TrainingConfig? ReadPeftConfig(JsonObject json) =>
        LoraPeft.Describes(json, useDora: false) ? new TrainingConfig { Method = Method, Lora = LoraPeft.ReadOptions(json) } : null;
}

// What LoRA and DoRA share in PEFT's format: the low-rank matrices' names and the LORA adapter_config.json
// (DoRA is PEFT's LoRA with use_dora: true), and LoRA+'s rate for the B matrices.
public static class LoraPeft
{
    private const string WeightSuffix = ".weight";

    public static bool IsLowRankTensor(string name) =>
        name.EndsWith(".lora_A", StringComparison.Ordinal) || name.EndsWith(".lora_B", StringComparison.Ordinal);

    public static double LoraPlusRatio(string parameterName, LoraOptions options) =>
        options.LoraPlusLrRatio is { } ratio && parameterName.EndsWith(".lora_B", StringComparison.Ordinal) ? ratio : 1;

    // PEFT keeps A and B as Linear modules, so their tensors end in ".weight".
    public static string ToPeftName(string name) => IsLowRankTensor(name) ? name + WeightSuffix : name;

    public static string? FromPeftName(string peftName) =>
        peftName.EndsWith(".lora_A" + WeightSuffix, StringComparison.Ordinal) || peftName.EndsWith(".lora_B" + WeightSuffix, StringComparison.Ordinal)
            ? peftName[..^WeightSuffix.Length]
            : null;

    public static JsonObject Config(LoraOptions lora, bool useDora) => new()
    {
        ["peft_type"] = "LORA",
        ["r"] = lora.Rank,
        ["lora_alpha"] = lora.Alpha,
        ["lora_dropout"] = lora.Dropout,
        ["target_modules"] = new JsonArray(lora.TargetModules.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray()),
        ["bias"] = "none",
        ["fan_in_fan_out"] = false,
        ["use_rslora"] = lora.UseRsLora,
        ["use_dora"] = useDora,
    };

    public static bool Describes(JsonObject json, bool useDora) =>
        json["peft_type"]?.GetValue<string>() == "LORA" && (json["use_dora"]?.GetValue<bool>() ?? false) == useDora;

    public static LoraOptions ReadOptions(JsonObject json) => new()
    {
        Rank = json["r"]!.GetValue<int>(),
        Alpha = json["lora_alpha"]!.GetValue<double>(),
        Dropout = json["lora_dropout"]?.GetValue<double>() ?? 0,
        TargetModules = json["target_modules"]!.AsArray().Select(name => name!.GetValue<string>()).ToList(),
        UseRsLora = json["use_rslora"]?.GetValue<bool>() ?? false,
    };
}
