using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine;

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

    internal static TrainingResult Resume(TrainingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults)
    {
        TrainerState state;
        try
        {
            state = CheckpointReader.ReadState(checkpointDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            return new TrainingResult(TrainingOutcome.Failed, $"Cannot read checkpoint {checkpointDirectory}: {exception.Message}", 0, new Dictionary<string, double>());
        }
        return Execute(job with { Config = state.Config, InitialWeights = null }, observer, cancellationToken, faults, checkpointDirectory);
    }

    internal static TrainingResult Run(TrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults) =>
        Execute(job, observer, cancellationToken, faults, resumeFrom: null);

    private static TrainingResult Execute(TrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults, string? resumeFrom)
    {
        TextClassificationRecipe? recipe = null;
        try
        {
            var problems = TextClassificationRecipe.FindProblems(job);
            if (problems.Count > 0)
                return new TrainingResult(TrainingOutcome.Failed, string.Join(" ", problems), 0, new Dictionary<string, double>());

            recipe = new TextClassificationRecipe(job, observer, faults, resumeFrom);
            return recipe.Train(cancellationToken);
        }
        catch (Exception exception)
        {
            return new TrainingResult(TrainingOutcome.Failed, exception.Message, recipe?.CompletedSteps ?? 0,
                recipe?.LatestMetrics ?? new Dictionary<string, double>());
        }
        finally
        {
            recipe?.Dispose();
        }
    }
}
