using TorchSharp;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;

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

    // The model as the run built it (torch's generator put back afterwards), with the checkpoint's weights loaded.
    public static TextClassifierModel Load(string checkpointDirectory, TrainerState state, torch.Device? device = null)
    {
        var model = TorchRuntime.PreservingRandomState(() =>
        {
            torch.manual_seed(state.Config.Seed);
            return FineTuneSetup.CreateModel(state.Config, state.Labels.Count, device);
        });
        try
        {
            CheckpointReader.LoadWeights(model, checkpointDirectory);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
