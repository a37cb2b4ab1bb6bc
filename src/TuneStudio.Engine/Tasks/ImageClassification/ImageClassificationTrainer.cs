using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tasks.ImageClassification;

// Image classification: the shared TrainingRecipe with the image task. Same promises as TextClassificationTrainer:
// synchronous, never throws for training problems, exact resume on the CPU (augmentation included).
public static class ImageClassificationTrainer
{
    public static TrainingResult Run(ImageTrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken) =>
        Run(job, observer, cancellationToken, TrainingFaults.None);

    public static TrainingResult Resume(ImageTrainingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken) =>
        TrainingRecipe.Resume(job, checkpointDirectory, CreateTask, observer, cancellationToken, TrainingFaults.None);

    internal static TrainingResult Run(ImageTrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults) =>
        TrainingRecipe.Run(job, CreateTask, observer, cancellationToken, faults);

    private static IRecipeTask<ImageExample> CreateTask(TrainingJob<ImageExample> job, TorchSharp.torch.Device device, string? initialWeights) =>
        new ImageClassificationTask(job, device, initialWeights);
}
