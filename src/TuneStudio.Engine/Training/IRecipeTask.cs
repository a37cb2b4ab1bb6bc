using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// The task-specific part of a recipe, torchtune style: what an example is and how a batch of them becomes a loss
// or validation metrics. Everything else (optimizer, schedule, guard, accumulation, early stopping, checkpoints,
// exact resume) is TrainingRecipe's and the same for every task. A task is built by the recipe while it holds torch's
// generator right after seeding it, so the model's initial weights depend on the seed alone.
internal interface IRecipeTask<TExample> : IDisposable
{
    // The module whose state_dict is checkpointed; the same object as Layout.
    nn.Module Model { get; }

    IFineTunableModel Layout { get; }

    // How the training step runs the model (MixedPrecision); a task without a bfloat16 path trains in float32 only.
    MixedPrecision Precision => MixedPrecision.Float32(Model);

    // A hash of the examples and labels, stored in checkpoints so a resume can refuse other data.
    string Fingerprint(IReadOnlyList<TExample> examples, IReadOnlyList<string> labels);

    // Puts the model in its training mode (dropout on unless overridden; an image model keeps BatchNorm statistics).
    void SetTrainingMode();

    // The batch's mean loss (label smoothing applied), with the graph for backward().
    Tensor Loss(TrainingBatch<TExample> batch);

    // Validation metrics (val/loss first among them) under no_grad in eval mode; the recipe restores training mode.
    Dictionary<string, double> Evaluate(IReadOnlyList<TExample> validation);
}

// A micro-batch of training examples with their positions in the training side of the split and the epoch, so a
// task can derive per-example randomness (augmentation) from (seed, epoch, index) without any state to save.
internal sealed record TrainingBatch<TExample>(IReadOnlyList<TExample> Examples, IReadOnlyList<int> Indices, int Epoch);

// Builds a task and its model for a job (a resume's job carries the checkpoint's config), on a device, from a fork's
// initial weights if any. The recipe calls it while it holds torch's freshly seeded generator.
internal delegate IRecipeTask<TExample> RecipeTaskFactory<TExample>(TrainingJob<TExample> job, Device device, string? initialWeights)
    where TExample : ILabelledExample;
