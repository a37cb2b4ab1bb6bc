using TorchSharp;

namespace TuneStudio.Engine.Checkpoints;

// Builds the model a checkpoint's weights belong to, and says which weights a run's checkpoints store. An adapter run's
// checkpoints keep only the adapters and the trainable parameters (MiniLM LoRA: under 1 MB instead of 91 MB) when its
// adapter says the frozen weights are the base model's, which building the model as the run did (seeded with its
// seed) reproduces exactly.
// A fork's base is its parent's weights, which may be deleted later, so forks keep storing everything.
public static class CheckpointModel
{
    public static bool OmitsFrozenWeights(TrainingConfig config, string? initialWeights) =>
        Adapters.AdapterRegistry.For(config.Method) is { CheckpointsOmitFrozenWeights: true } && initialWeights is null;

    // The model as the run built it through its task (torch's generator put back afterwards), with the checkpoint's
    // weights loaded. models: the catalogue that holds the run's model (an imported one is only in the studio's).
    public static T Load<T>(string checkpointDirectory, TrainerState state, ModelCatalog? models = null, torch.Device? device = null)
        where T : torch.nn.Module
    {
        models ??= ModelCatalog.BuiltIn;
        var task = models.Tasks.Get(state.Config.Task);
        var module = TorchRuntime.PreservingRandomState(() =>
        {
            torch.manual_seed(state.Config.Seed);
            return task.CreateModel(state.Config, state.Labels.Count, models, device);
        });
        try
        {
            if (module is not T model)
                throw new InvalidDataException($"Checkpoint {checkpointDirectory} holds a {state.Config.Task} model ({module.GetType().Name}), not a {typeof(T).Name}.");
            CheckpointReader.LoadWeights(model, checkpointDirectory);
            return model;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }
}
