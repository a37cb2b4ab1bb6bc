using System.Text.Json.Nodes;
using TorchSharp;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Adapters;

// A fine-tuning method that adds its own small modules to a frozen model (PEFT's tuner): one folder each under
// Adapters/, listed once in AdapterRegistry. Everything outside that folder (setup, checkpoints, the optimizer,
// PEFT export and import, the studio) asks the adapter through this interface, never by the method's name, so a
// new adapter is its folder plus one registry line, and AdapterInvariantTests cover it by being registered.
public interface IAdapter
{
    FineTuneMethod Method { get; }

    // Wraps the layers the config targets and freezes everything else except the classifier head (and what the
    // options ask to train besides). Returns the adapted layers' paths. Outputs must not change: a fresh adapter
    // computes exactly what the base model does.
    IReadOnlyList<string> Inject(TextClassifierModel model, TrainingConfig config);

    // The adapter's own tensors, in our state-dict names ("encoder.layer.0.attention.query.lora_A").
    bool IsAdapterTensor(string name);

    // Merging folds the adapters into the base weights (forks, merged exports). Every adapter so far can; one that
    // cannot says so here and forks and merged exports refuse it.
    bool CanMerge { get; }

    void Merge(torch.nn.Module model);

    void Unmerge(torch.nn.Module model);

    // Whether a run's checkpoints may leave out the frozen parameters (every parameter without a gradient): true when
    // building the model as the run did, seeded, gives them back bit for bit, which holds while the adapter's
    // initialisation is drawn from torch's generator after the base weights (or not drawn at all).
    bool CheckpointsOmitFrozenWeights { get; }

    // A factor on top of a parameter's optimizer group rate (LoRA+ gives the B matrices their own); 1 for the rest.
    double LearningRateRatio(string parameterName, TrainingConfig config);

    // The name PEFT writes in adapter_model.safetensors, without the base_model.model. prefix, for one of this
    // adapter's tensors (IsAdapterTensor); and back, null for a name that is not this adapter's.
    string ToPeftName(string name);

    string? FromPeftName(string peftName);

    // adapter_config.json's method part (peft_type and the method's own keys). ReadPeftConfig reads it back into the
    // config the adapter injects from, or null when the file describes another adapter.
    JsonObject PeftConfig(TrainingConfig config);

    TrainingConfig? ReadPeftConfig(JsonObject json);
}

// A layer an adapter put in place of a Linear: the wrapped layer stays reachable, and merging is per layer.
public interface IAdapterLayer
{
    TorchSharp.Modules.Linear BaseLayer { get; }

    bool Merged { get; }

    void Merge();

    void Unmerge();
}
