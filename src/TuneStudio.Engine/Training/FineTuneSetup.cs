using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.Bert;

namespace TuneStudio.Engine.Training;

// Builds the model a config describes, shaped for its fine-tuning method: the trainer uses it before
// training, and checkpoint loading uses it so the saved names (LoRA's included) line up.
public static class FineTuneSetup
{
    public static TextClassifierDefinition Definition(TrainingConfig config) =>
        ModelCatalog.FindDefinition(config.Model) ?? throw new ArgumentException($"Unknown model '{config.Model}'.");

    // initialWeights: a checkpoint directory whose weights (adapters merged in) replace the fresh ones before the
    // method is applied, so a fork can change method as well as hyperparameters.
    public static TextClassifierModel CreateModel(TrainingConfig config, int labelCount, torch.Device? device = null, string? initialWeights = null)
    {
        var model = NewModel(config, labelCount);
        if (device is not null) model.to(device);
        if (initialWeights is not null) LoadMergedWeights(model, initialWeights);
        if (config.DropoutOverride is { } rate) OverrideDropout(model, rate);
        if (config.GradientCheckpointing) EnableGradientCheckpointing(model, device);
        ApplyMethod(model, config);
        return model;
    }

    // How many encoder layers recompute their activations in the backward (0 without gradient checkpointing).
    public static int CheckpointedLayers(torch.nn.Module model) =>
        model.modules().OfType<BertEncoder>().Where(encoder => encoder.GradientCheckpointing).Sum(encoder => encoder.Layers.Count);

    // The recompute replays dropout from torch's CPU generator; TorchSharp 0.107 cannot save a GPU generator's state,
    // so on a GPU the recomputed masks would differ from the forward's and the gradients would be wrong.
    private static void EnableGradientCheckpointing(TextClassifierModel model, torch.Device? device)
    {
        if (device is { type: not DeviceType.CPU })
            throw new InvalidOperationException("Gradient checkpointing runs on the CPU only for now (it cannot replay a GPU's dropout); turn it off for GPU runs.");
        var encoders = model.modules().OfType<BertEncoder>().ToList();
        if (encoders.Count == 0)
            throw new ArgumentException($"Model '{model.GetName()}' has no gradient checkpointing; it is available for BERT-family text models.");
        foreach (var encoder in encoders) encoder.GradientCheckpointing = true;
    }

    // The catalogue model with the head the config's task needs, fresh from its pre-trained weights.
    public static TextClassifierModel NewModel(TrainingConfig config, int labelCount) =>
        config.Task == TrainingTask.TokenClassification
            ? Definition(config).CreateTokenClassifier(labelCount)
            : Definition(config).CreateModel(labelCount);

    // Sets which parameters train at the start of a run. GradualUnfreeze starts head-only; the recipe adds blocks.
    public static void ApplyMethod(TextClassifierModel model, TrainingConfig config)
    {
        if (AdapterRegistry.For(config.Method) is { } adapter) adapter.Inject(model, config);
        else SelectTrainableParameters(model, config);
    }

    // The methods that only choose which existing parameters train, for any model (text or image).
    public static void SelectTrainableParameters(IFineTunableModel model, TrainingConfig config)
    {
        switch (config.Method)
        {
            case FineTuneMethod.Freeze when config.FrozenParameterPatterns.Count > 0:
                LayerFreezer.FreezeMatching(model, config.FrozenParameterPatterns);
                break;
            case FineTuneMethod.Freeze:
                LayerFreezer.FreezeAllButTop(model, config.TrainableTopLayers);
                break;
            case FineTuneMethod.BitFit:
                LayerFreezer.TrainBiasesOnly(model);
                break;
            case FineTuneMethod.HeadOnly:
            case FineTuneMethod.GradualUnfreeze:
                LayerFreezer.TrainHeadOnly(model);
                break;
            case FineTuneMethod.Full:
                break;
            default:
                throw new ArgumentException($"{config.Method} fine-tuning does not apply to this model.");
        }
    }

    // Dropout modules take the new rate. Attention-probability dropout that a model computes functionally (the tiny
    // transformer's) only follows the train/eval mode, so a rate of 0 also puts the model in eval mode for training:
    // every catalogue model differs between modes only in dropout.
    public static void OverrideDropout(TextClassifierModel model, double rate)
    {
        foreach (var dropout in model.modules().OfType<Dropout>())
            dropout.p = rate;
    }

    public static bool TrainsInEvalMode(TrainingConfig config) => config.DropoutOverride == 0;

    private static void LoadMergedWeights(TextClassifierModel model, string checkpointDirectory)
    {
        var state = CheckpointReader.ReadState(checkpointDirectory);
        using var source = CheckpointModel.Load(checkpointDirectory, state);
        if (AdapterRegistry.For(state.Config.Method) is { } adapter)
        {
            if (!adapter.CanMerge)
                throw new NotSupportedException($"A {state.Config.Method} checkpoint cannot be merged, so it cannot be forked.");
            adapter.Merge(source);
        }
        var merged = source.state_dict()
            .Select(entry => (Name: entry.Key.Replace(".base_layer.", ".", StringComparison.Ordinal), entry.Value))
            .Where(entry => !AdapterRegistry.IsAdapterTensor(entry.Name))
            .ToDictionary(entry => entry.Name, entry => entry.Value);
        var targets = model.state_dict();
        var missing = targets.Keys.Except(merged.Keys).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"Checkpoint {checkpointDirectory} lacks [{string.Join(", ", missing)}] for this model.");
        using var _ = torch.no_grad();
        foreach (var (name, target) in targets)
        {
            if (!merged[name].shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"Checkpoint tensor '{name}' does not fit this model's shape (a different label count?).");
            target.copy_(merged[name]);
        }
    }
}
