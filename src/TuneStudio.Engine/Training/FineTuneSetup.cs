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
    public static TextClassifierDefinition Definition(TrainingConfig config, ModelCatalog models) =>
        models.FindDefinition(config.Model) ?? throw new ArgumentException($"Unknown text model '{config.Model}'.");

    // The text model a config's task builds (its head, the method applied), as a run of it starts. initialWeights: a
    // checkpoint directory whose weights (adapters merged in) replace the fresh ones before the method is applied, so a
    // fork can change method as well as hyperparameters.
    public static TextClassifierModel CreateModel(TrainingConfig config, int labelCount, torch.Device? device = null, string? initialWeights = null,
        ModelCatalog? models = null)
    {
        models ??= ModelCatalog.BuiltIn;
        var module = models.Tasks.Get(config.Task).CreateModel(config, labelCount, models, device, initialWeights);
        if (module is TextClassifierModel model) return model;
        module.Dispose();
        throw new ArgumentException($"A {config.Task} run's model is not a text model.");
    }

    // A text task's fresh model (its head already chosen by the task) made ready to train: moved to the device, a
    // fork's weights loaded (adapters merged in) before the method is applied, so a fork can change method as well
    // as hyperparameters; dropout overridden; layers recomputed in the backward when asked; the method applied.
    public static TextClassifierModel Prepare(TextClassifierModel model, TrainingConfig config, ModelCatalog models,
        torch.Device? device = null, string? initialWeights = null)
    {
        try
        {
            if (device is not null) model.to(device);
            if (initialWeights is not null) LoadMergedWeights(model, initialWeights, models);
            if (config.DropoutOverride is { } rate) OverrideDropout(model, rate);
            if (config.GradientCheckpointing) EnableGradientCheckpointing(model, device);
            ApplyMethod(model, config);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
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

    private static void LoadMergedWeights(TextClassifierModel model, string checkpointDirectory, ModelCatalog models)
    {
        var state = CheckpointReader.ReadState(checkpointDirectory);
        using var source = CheckpointModel.Load<TextClassifierModel>(checkpointDirectory, state, models);
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
