using System.Globalization;
using TuneStudio.Engine.Checkpoints;

namespace TuneStudio.Engine.Training;

// The recipe's checkpoint side: save everything needed to continue, restore it, apply retention, keep-best.
internal sealed partial class TrainingRecipe<TExample>
{
    // Problems with the job itself, reported before anything is built.
    public static IReadOnlyList<string> FindProblems(TrainingJob<TExample> job)
    {
        var problems = job.Config.Validate(job.Models).Select(error => $"{error.Field}: {error.Message}").ToList();
        // A task without classes (sentence embeddings) learns from its examples alone.
        if (job.Labels.Count < 2 && job.Models.Tasks.Find(job.Config.Task)?.Description.HasClasses != false)
            problems.Add("At least two labels are needed.");
        if (job.Examples.Count < 2)
            problems.Add("At least two examples are needed.");
        var outOfRange = job.Examples.Count(example => example.Label < 0 || example.Label >= job.Labels.Count);
        if (outOfRange > 0)
            problems.Add($"{outOfRange} examples have a label outside 0..{job.Labels.Count - 1}.");
        if (string.IsNullOrWhiteSpace(job.CheckpointRoot))
            problems.Add("A checkpoint directory is needed.");
        if (job.InitialWeights is not null && !File.Exists(Path.Combine(job.InitialWeights, CheckpointFiles.State)))
            problems.Add($"initialWeights: {job.InitialWeights} is not a checkpoint.");
        return problems;
    }

    private void SaveCheckpoint(bool epochCompleted)
    {
        var completedEpoch = epochCompleted ? progress.Epoch - 1 : progress.Epoch;
        var state = StateFor(completedEpoch, epochCompleted) with { Resumable = true };
        var name = CheckpointFiles.Name(completedEpoch, progress.Step);
        var checkpoint = CheckpointWriter.Write(job.CheckpointRoot, name, task.Model, state,
            directory => TrainingTensorsState.Save(directory, optimizer));
        lastCheckpointStep = progress.Step;
        Report(checkpoint);
    }

    private TrainerState StateFor(int epoch, bool epochCompleted) => new()
    {
        Step = progress.Step,
        Epoch = epoch,
        StepInEpoch = epochCompleted ? stepsPerEpoch : progress.StepInEpoch,
        EpochCompleted = epochCompleted,
        TotalSteps = schedule.TotalSteps,
        Seed = config.Seed,
        Labels = job.Labels,
        Config = config,
        Metrics = LatestMetrics,
        Optimizer = new OptimizerSummary(config.Optimizer.ToString(), config.LearningRate, config.WeightDecay, config.Beta1, config.Beta2, config.Epsilon),
        Schedule = new ScheduleSummary(config.Schedule.ToString(), schedule.WarmupSteps, schedule.TotalSteps, schedule.At(progress.Step)),
        SkippedSteps = progress.SkippedSteps,
        ConsecutiveSkippedSteps = progress.ConsecutiveSkippedSteps,
        EarlyStopping = earlyStopping.State,
        BestCheckpoint = progress.BestCheckpoint,
        BestMetrics = progress.BestMetrics,
        DatasetVersion = job.DatasetVersion,
        DatasetHash = datasetHash,
        FrozenWeightsOmitted = frozenWeightsOmitted,
    };

    private void Report(CheckpointInfo checkpoint)
    {
        var protectedNames = new[] { checkpoint.Name, progress.BestCheckpoint }.OfType<string>().ToList();
        var diskUse = CheckpointRetention.Apply(job.CheckpointRoot, config.Checkpoints, protectedNames);
        observer.OnCheckpoint(checkpoint);
        observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"Saved checkpoint {checkpoint.Name} ({ByteSize.Format(checkpoint.SizeBytes)}; checkpoints use {ByteSize.Format(diskUse)})"));
    }

    // Loads weights, optimizer and RNG state and the progress counters; drops later checkpoints, which the resumed
    // run supersedes. Runs after the model and optimizer are built exactly as the original run built them.
    private EarlyStopping Restore(string checkpointDirectory)
    {
        var state = CheckpointReader.ReadState(checkpointDirectory);
        if (!state.Resumable)
            throw new InvalidOperationException($"{Path.GetFileName(checkpointDirectory)} holds weights only and cannot be resumed; fork from it instead.");
        if (state.DatasetHash != datasetHash)
            throw new InvalidOperationException("The examples differ from the ones this checkpoint was trained on; resume needs the same data set.");

        CheckpointReader.LoadWeights(task.Model, checkpointDirectory);
        // A resumed fork was built without its parent's weights and took them all from this checkpoint: keep storing all.
        frozenWeightsOmitted = state.FrozenWeightsOmitted;
        TrainingTensorsState.Load(checkpointDirectory, optimizer);
        progress = new TrainingProgress
        {
            Step = state.Step,
            Epoch = state.EpochCompleted ? state.Epoch + 1 : state.Epoch,
            StepInEpoch = state.EpochCompleted ? 0 : state.StepInEpoch,
            SkippedSteps = state.SkippedSteps,
            ConsecutiveSkippedSteps = state.ConsecutiveSkippedSteps,
            BestCheckpoint = state.BestCheckpoint,
            BestMetrics = state.BestMetrics,
        };
        LatestMetrics = state.Metrics;
        lastCheckpointStep = state.Step;

        var resumed = Path.GetFullPath(checkpointDirectory);
        foreach (var later in CheckpointFiles.List(job.CheckpointRoot).Where(directory =>
                     Path.GetFullPath(directory) != resumed && CheckpointReader.ReadState(directory).Step > state.Step))
            CheckpointWriter.Delete(later);
        return new EarlyStopping(config.EarlyStopping, state.EarlyStopping);
    }

    // Keep-best: the final weights become the best evaluation's, written as the run's last checkpoint.
    private void RestoreBestIfAsked()
    {
        if (!config.EarlyStopping.Enabled || !config.EarlyStopping.KeepBest || progress.BestCheckpoint is null) return;
        var best = Path.Combine(job.CheckpointRoot, progress.BestCheckpoint);
        var bestState = CheckpointReader.ReadState(best);
        if (bestState.Step == progress.Step) return; // the last evaluation was the best: the last checkpoint holds it
        CheckpointReader.LoadWeights(task.Model, best);
        LatestMetrics = progress.BestMetrics ?? bestState.Metrics;
        var state = StateFor(bestState.Epoch, epochCompleted: true) with { Metrics = LatestMetrics, Resumable = false };
        var checkpoint = CheckpointWriter.Write(job.CheckpointRoot, CheckpointFiles.BestName(bestState.Epoch, bestState.Step), task.Model, state);
        observer.OnMessage($"Restored the best weights (epoch {bestState.Epoch}, step {bestState.Step}, {config.EarlyStopping.Metric} {progress.BestMetrics?.GetValueOrDefault(config.EarlyStopping.Metric):G4})");
        Report(checkpoint);
    }
}
