using TuneStudio.Engine.Checkpoints;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// Runs or resumes a recipe for any task; the public trainers (text, image) are thin fronts over it.
internal static class TrainingRecipe
{
    // Optimizer steps per epoch: micro-batches of BatchSize, GradientAccumulationSteps of them per step.
    public static int StepsPerEpoch(TrainingConfig config, int trainExamples)
    {
        var microBatches = (trainExamples + config.BatchSize - 1) / config.BatchSize;
        return (microBatches + config.GradientAccumulationSteps - 1) / config.GradientAccumulationSteps;
    }

    // Never throws for training problems: returns Failed with the reason. Cancellation is checked before every step.
    public static TrainingResult Run<TExample>(TrainingJob<TExample> job, RecipeTaskFactory<TExample> createTask,
        ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults, string? resumeFrom = null)
        where TExample : ILabelledExample
    {
        TrainingRecipe<TExample>? recipe = null;
        try
        {
            var problems = TrainingRecipe<TExample>.FindProblems(job);
            if (problems.Count > 0)
                return new TrainingResult(TrainingOutcome.Failed, string.Join(" ", problems), 0, new Dictionary<string, double>());

            recipe = new TrainingRecipe<TExample>(job, createTask, observer, faults, resumeFrom);
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

    // Continues the run that wrote checkpointDirectory with the checkpoint's config (the job's is replaced by it).
    public static TrainingResult Resume<TExample>(TrainingJob<TExample> job, string checkpointDirectory, RecipeTaskFactory<TExample> createTask,
        ITrainingObserver observer, CancellationToken cancellationToken, TrainingFaults faults)
        where TExample : ILabelledExample
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
        return Run(job with { Config = state.Config, InitialWeights = null }, createTask, observer, cancellationToken, faults, checkpointDirectory);
    }
}
