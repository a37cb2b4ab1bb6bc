using System.Text.Json.Nodes;
using TorchSharp;

namespace TuneStudio.Engine.Adapters.Ia3;

// IA3 behind the adapter interface, in PEFT's layout: "<path>.ia3_l" tensors and an IA3 adapter_config.json whose
// target_modules include the feed-forward ones (PEFT requires feedforward_modules to be a subset).
public sealed class Ia3Adapter : IAdapter
{
    private const string Vector = ".ia3_l";

    public FineTuneMethod Method => FineTuneMethod.Ia3;

    public IReadOnlyList<string> Inject(Models.TextClassifierModel model, TrainingConfig config) => Ia3Injector.Inject(model, config.Ia3);

    public bool IsAdapterTensor(string name) => name.EndsWith(Vector, StringComparison.Ordinal);

    public bool CanMerge => true;

    public void Merge(torch.nn.Module model)
    {
        foreach (var layer in model.modules().OfType<Ia3Linear>()) layer.Merge();
    }

    public void Unmerge(torch.nn.Module model)
    {
        foreach (var layer in model.modules().OfType<Ia3Linear>()) layer.Unmerge();
    }

    // The vectors start at ones and draw nothing from torch's generator.
    public bool CheckpointsOmitFrozenWeights => true;

    public double LearningRateRatio(string parameterName, TrainingConfig config) => 1;

    // PEFT stores the vector as a bare parameter, under our name.
    public string ToPeftName(string name) => name;

    public string? FromPeftName(string peftName) => IsAdapterTensor(peftName) ? peftName : null;

    public JsonObject PeftConfig(TrainingConfig config) => new()
    {
        ["peft_type"] = "IA3",
        ["target_modules"] = Names(config.Ia3.TargetModules.Union(config.Ia3.FeedforwardModules, StringComparer.Ordinal)),
        ["feedforward_modules"] = Names(config.Ia3.FeedforwardModules),
        ["fan_in_fan_out"] = false,
        ["init_ia3_weights"] = true,
    };

    public TrainingConfig? ReadPeftConfig(JsonObject json)
    {
        if (json["peft_type"]?.GetValue<string>() != "IA3") return null;
        static List<string> Read(JsonNode? names) => names?.AsArray().Select(name => name!.GetValue<string>()).ToList() ?? [];
        var feedforward = Read(json["feedforward_modules"]);
        var targets = Read(json["target_modules"]).Except(feedforward, StringComparer.Ordinal).ToList();
        return new TrainingConfig { Method = Method, Ia3 = new Ia3Options { TargetModules = targets, FeedforwardModules = feedforward } };
    }

    private static JsonArray Names(IEnumerable<string> names) => new(names.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray());
}
