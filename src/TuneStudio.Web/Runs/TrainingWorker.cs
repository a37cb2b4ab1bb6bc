using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Runs;

// The one in-process trainer: takes queued runs one at a time and trains each on a dedicated thread
// (TorchSharp's dispose scopes are thread-bound, and a long job must not hold a thread-pool thread).
public sealed class TrainingWorker(
    RunQueue queue, RunStore runs, DatasetStore datasets, MetricStore metrics, RunTelemetry telemetry, RunJournal journal,
    StudioPaths paths, ILogger<TrainingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int interrupted = runs.MarkRunningAsInterrupted();
        if (interrupted > 0) logger.LogWarning("{Count} run(s) were training when the studio stopped; marked interrupted", interrupted);
        foreach (var run in runs.ListQueued()) queue.Enqueue(run.Id);

        TorchRuntime.Configure();
        while (!stoppingToken.IsCancellationRequested)
        {
            string runId;
            try { runId = await queue.DequeueAsync(stoppingToken); }
            catch (OperationCanceledException) { return; }
            await TrainOne(runId, stoppingToken);
        }
    }

    private async Task TrainOne(string runId, CancellationToken stoppingToken)
    {
        RunRecord? run;
        CancellationToken token;
        lock (queue.Transitions)
        {
            run = runs.Get(runId);
            if (run is null || run.Status != RunStatus.Queued) return;
            runs.Update(runId, r => { r.Status = RunStatus.Running; r.StartedAt = DateTime.UtcNow; r.Message = null; });
            token = queue.Activate(runId, stoppingToken);
        }

        var observer = new RunObserver(runId, telemetry, journal);
        TrainingResult result;
        try
        {
            telemetry.BeginRun(runId);
            var train = PrepareTraining(run, observer, token);
            result = await Task.Factory.StartNew(train, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Run {RunId} could not start", runId);
            result = new TrainingResult(TrainingOutcome.Failed, e.Message, 0, new Dictionary<string, double>());
        }
        finally
        {
            queue.Deactivate(runId);
        }

        // The host stopping mid-run is an interruption, not a user's cancel.
        var (status, message) = result.Outcome switch
        {
            TrainingOutcome.Completed => (RunStatus.Completed, CompletionMessage(result)),
            TrainingOutcome.Cancelled when stoppingToken.IsCancellationRequested => (RunStatus.Interrupted, "The studio stopped while this run was training."),
            TrainingOutcome.Cancelled => (RunStatus.Cancelled, "Cancelled by a user."),
            _ => (RunStatus.Failed, result.FailureReason ?? "Training failed."),
        };
        journal.Summary(runId, observer.Summary);
        await journal.FlushAsync();
        runs.Update(runId, r => { r.Status = status; r.Message = message; r.EndedAt = DateTime.UtcNow; });
        telemetry.SetStatus(runId, status, message);
        logger.LogInformation("Run {RunId} ended {Status} after {Steps} steps", runId, status, result.Steps);
    }

    private static string CompletionMessage(TrainingResult result) =>
        result.FinalMetrics.TryGetValue("val/entity_f1", out var entityF1)
            ? $"Completed {result.Steps:N0} steps; validation entity F1 {entityF1:0.000}."
            : result.FinalMetrics.TryGetValue("val/accuracy", out var accuracy)
            ? $"Completed {result.Steps:N0} steps; validation accuracy {accuracy:0.000}."
            : $"Completed {result.Steps:N0} steps.";

    // Loads the run's examples (text, or image pixels decoded from the blob store) and picks the recipe for its task.
    private Func<TrainingResult> PrepareTraining(RunRecord run, RunObserver observer, CancellationToken token)
    {
        var config = RunConfigJson.Deserialize(run.ConfigJson);
        var version = datasets.GetVersion(run.DatasetId, run.DatasetVersion)
            ?? throw new InvalidOperationException($"Dataset {run.DatasetId} version {run.DatasetVersion} no longer exists.");
        var resumeFrom = ResumeDirectory(run);
        if (resumeFrom is not null) observer.Seed(metrics.Read(run.Id, null, 0));
        var labelIndex = version.Labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var rows = datasets.ReadAllRows(run.DatasetId, run.DatasetVersion).ToList();
        var parts = datasets.GetSplit(run.DatasetId, run.DatasetVersion) is { } split && version.Split is not null && split.Parts.Count == rows.Count
            ? split.Parts : null;
        var initialWeights = run.ParentCheckpointId is { } parent ? CheckpointDirectory(parent) : null;
        var datasetVersion = $"{run.DatasetId}@{run.DatasetVersion}";

        if (config.Task == TrainingTask.TokenClassification)
        {
            // A token-classification row is a sentence: its tokens and their IOB2 tags, each joined by spaces.
            var sentences = rows.Select(row => TokenExample.Create(row.Text.Split(' '), row.Label.Split(' ').Select(tag => labelIndex[tag]).ToList(), version.Labels)).ToList();
            var (train, validation) = Split(sentences, parts);
            var job = new TokenTrainingJob(config, train, version.Labels, paths.CheckpointsFor(run.Id))
            {
                ValidationExamples = validation, InitialWeights = initialWeights, DatasetVersion = datasetVersion,
            };
            return () => resumeFrom is null ? TokenClassificationTrainer.Run(job, observer, token) : TokenClassificationTrainer.Resume(job, resumeFrom, observer, token);
        }

        if (config.Task == TrainingTask.ImageClassification)
        {
            var images = rows.Select(row => ImageExampleOf(row, labelIndex[row.Label])).ToList();
            var (train, validation) = Split(images, parts);
            var job = new ImageTrainingJob(config, train, version.Labels, paths.CheckpointsFor(run.Id))
            {
                ValidationExamples = validation, InitialWeights = initialWeights, DatasetVersion = datasetVersion,
            };
            return () => resumeFrom is null ? ImageClassificationTrainer.Run(job, observer, token) : ImageClassificationTrainer.Resume(job, resumeFrom, observer, token);
        }

        var texts = rows.Select(row => new TextExample(row.Text, labelIndex[row.Label])).ToList();
        var (textTrain, textValidation) = Split(texts, parts);
        var textJob = new TrainingJob(config, textTrain, version.Labels, paths.CheckpointsFor(run.Id))
        {
            ValidationExamples = textValidation, InitialWeights = initialWeights, DatasetVersion = datasetVersion,
        };
        return () => resumeFrom is null ? TextClassificationTrainer.Run(textJob, observer, token) : TextClassificationTrainer.Resume(textJob, resumeFrom, observer, token);
    }

    // A split stored with the version decides train and validation, and its test rows never reach a run. A split
    // without validation rows (Fashion-MNIST's train/test files) leaves the engine to hold out validationFraction
    // of the train rows; without a split it holds out that share of every row.
    private static (IReadOnlyList<T> Train, IReadOnlyList<T>? Validation) Split<T>(List<T> examples, IReadOnlyList<SplitPart>? parts)
    {
        if (parts is null) return (examples, null);
        var train = examples.Where((_, i) => parts[i] == SplitPart.Train).ToList();
        var validation = examples.Where((_, i) => parts[i] == SplitPart.Validation).ToList();
        return (train, validation.Count > 0 ? validation : null);
    }

    private ImageExample ImageExampleOf(DatasetRow row, int label)
    {
        var reference = ImageReference.Parse(row.Text)
            ?? throw new InvalidDataException($"Row {row.Index} of the dataset holds no image reference.");
        var (pixels, width, height, channels) = datasets.Images.ReadPixels(reference.Hash)
            ?? throw new InvalidDataException($"Row {row.Index}: image {reference.Hash} is missing from the blob store.");
        return new ImageExample(pixels, width, height, channels, label);
    }

    private string? ResumeDirectory(RunRecord run) =>
        run.ResumeFromCheckpointId is { } id ? CheckpointDirectory(id) : null;

    private string CheckpointDirectory(string checkpointId) =>
        runs.GetCheckpoint(checkpointId)?.Directory ?? throw new InvalidOperationException($"Checkpoint {checkpointId} no longer exists.");
}
