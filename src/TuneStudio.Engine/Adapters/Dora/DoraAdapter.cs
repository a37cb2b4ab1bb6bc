using System.Text.Json.Nodes;
using TorchSharp;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine.Adapters.Dora;

// DoRA behind the adapter interface. It reads the LoRA options (LoRA+ included) and exports as PEFT does: a LORA
// adapter_config.json with use_dora: true, the magnitudes as "<path>.lora_magnitude_vector".
public sealed class DoraAdapter : IAdapter
{
    private const string Magnitude = ".lora_magnitude_vector";

    public FineTuneMethod Method => FineTuneMethod.Dora;

    public IReadOnlyList<string> Inject(Models.TextClassifierModel model, TrainingConfig config) => DoraInjector.Inject(model, config.Lora);

    public bool IsAdapterTensor(string name) => LoraPeft.IsLowRankTensor(name) || name.EndsWith(Magnitude, StringComparison.Ordinal);

    public bool CanMerge => true;

    public void Merge(torch.nn.Module model)
    {
        foreach (var layer in model.modules().OfType<DoraLinear>()) layer.Merge();
    }

    public void Unmerge(torch.nn.Module model)
    {
        foreach (var layer in model.modules().OfType<DoraLinear>()) layer.Unmerge();
    }

    // lora_A is drawn after the base weights and the magnitudes are the base weights' norms: the seeded rebuild
    // gives the same frozen base.
    public bool CheckpointsOmitFrozenWeights => true;

    public double LearningRateRatio(string parameterName, TrainingConfig config) => LoraPeft.LoraPlusRatio(parameterName, config.Lora);

    // PEFT keeps the magnitude as a bare parameter: no ".weight" in its saved name.
    public string ToPeftName(string name) => LoraPeft.ToPeftName(name);

    public string? FromPeftName(string peftName) =>
        peftName.EndsWith(Magnitude, StringComparison.Ordinal) ? peftName : LoraPeft.FromPeftName(peftName);

    public JsonObject PeftConfig(TrainingConfig config) => LoraPeft.Config(config.Lora, useDora: true);

    public TrainingConfig? ReadPeftConfig(JsonObject json) =>
        LoraPeft.Describes(json, useDora: true) ? new TrainingConfig { Method = Method, Lora = LoraPeft.ReadOptions(json) } : null;
}
