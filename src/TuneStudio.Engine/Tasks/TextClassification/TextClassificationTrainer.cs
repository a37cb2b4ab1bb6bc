using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tasks.TextClassification;

// Text classification: the shared TrainingRecipe with the text task.
public static class TextClassificationTrainer
{
    // Synchronous: the caller runs it on a dedicated thread. Never throws for training problems: returns Failed
    // with the reason. Cancellation is checked before every step and returns Cancelled.
    public static TrainingResult Run(TrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken) =>
        Run(job, observer, cancellationToken, TrainingFaults.None);

    // Continues the run that wrote checkpointDirectory, after a cancel or a crash, with the checkpoint's config:
    // metrics are reported from the next step on, and losses and final weights equal an uninterrupted run's.
    // The job supplies the examples (which must be the same), labels and checkpoint root.
    public static TrainingResult Resume(TrainingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken) =>
        Resume(job, checkpointDirectory, observer, cancellationToken, TrainingFaults.None);

    internal static TrainingResult Resume(TrainingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults) =>
        TrainingRecipe.Resume(job, checkpointDirectory, CreateTask, observer, cancellationToken, faults);

    internal static TrainingResult Run(TrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults) =>
        TrainingRecipe.Run(job, CreateTask, observer, cancellationToken, faults);

    private static IRecipeTask<TextExample> CreateTask(TrainingJob<TextExample> job, TorchSharp.torch.Device device, string? initialWeights) =>
        new TextClassificationTask(job, device, initialWeights);
}
