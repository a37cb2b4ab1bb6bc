using TuneStudio.Engine.Training;

namespace TuneStudio.Engine;

public static class TextClassificationTrainer
{
    // Synchronous: the caller runs it on a dedicated thread. Never throws for training problems: returns Failed
    // with the reason. Cancellation is checked before every step and returns Cancelled.
    public static TrainingResult Run(TrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken) =>
        Run(job, observer, cancellationToken, TrainingFaults.None);

    internal static TrainingResult Run(TrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults)
    {
        TextClassificationRecipe? recipe = null;
        try
        {
            var problems = TextClassificationRecipe.FindProblems(job);
            if (problems.Count > 0)
                return new TrainingResult(TrainingOutcome.Failed, string.Join(" ", problems), 0, new Dictionary<string, double>());

            recipe = new TextClassificationRecipe(job, observer, faults);
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
