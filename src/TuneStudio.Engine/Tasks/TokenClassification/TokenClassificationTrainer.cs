using TuneStudio.Engine.Training;
using TuneStudio.Engine.Tasks;

namespace TuneStudio.Engine.Tasks.TokenClassification;

// A token-classification job: sentences with a tag per word; Labels are the tag names (IOB2).
public sealed record TokenTrainingJob(TrainingConfig Config, IReadOnlyList<TokenExample> Examples, IReadOnlyList<string> Labels, string CheckpointRoot)
    : TrainingJob<TokenExample>(Config with { Task = TaskNames.TokenClassification }, Examples, Labels, CheckpointRoot);

// Token classification (named entities): the shared TrainingRecipe with the token task. Same promises as
// TextClassificationTrainer: synchronous, never throws for training problems, exact resume.
public static class TokenClassificationTrainer
{
    public static TrainingResult Run(TokenTrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken) =>
        TrainingRecipe.Run(job, CreateTask, observer, cancellationToken, TrainingFaults.None);

    public static TrainingResult Resume(TokenTrainingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken) =>
        TrainingRecipe.Resume(job, checkpointDirectory, CreateTask, observer, cancellationToken, TrainingFaults.None);

    private static IRecipeTask<TokenExample> CreateTask(TrainingJob<TokenExample> job, TorchSharp.torch.Device device, string? initialWeights) =>
        new TokenClassificationTask(job, device, initialWeights);
}
