using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

// A sentence-embedding job: (anchor, positive) pairs. Pairs have no classes; the shared recipe's checks ask every job
// for at least two label names, so the job's labels name the two sides of a pair, and every example's Label (0) is the
// first. They are stored in checkpoints like any run's labels and mean nothing more.
public sealed record SentenceEmbeddingJob(TrainingConfig Config, IReadOnlyList<PairExample> Examples, string CheckpointRoot)
    : TrainingJob<PairExample>(Config with { Task = TaskNames.SentenceEmbedding }, Examples, PairSides, CheckpointRoot)
{
    public static readonly IReadOnlyList<string> PairSides = ["anchor", "positive"];
}

// Sentence-embedding fine-tuning: the shared TrainingRecipe with SentenceEmbeddingTask. Same promises as
// TextClassificationTrainer: synchronous, never throws for training problems, exact resume.
public static class SentenceEmbeddingTrainer
{
    public static TrainingResult Run(SentenceEmbeddingJob job, ITrainingObserver observer, CancellationToken cancellationToken) =>
        TrainingRecipe.Run(job, CreateTask, observer, cancellationToken, TrainingFaults.None);

    public static TrainingResult Resume(SentenceEmbeddingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken) =>
        TrainingRecipe.Resume(job, checkpointDirectory, CreateTask, observer, cancellationToken, TrainingFaults.None);

    private static IRecipeTask<PairExample> CreateTask(TrainingJob<PairExample> job, TorchSharp.torch.Device device, string? initialWeights) =>
        new SentenceEmbeddingTask(job, device, initialWeights);
}
