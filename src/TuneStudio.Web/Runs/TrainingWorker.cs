using TuneStudio.Engine;
using TuneStudio.Engine.Tasks;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Runs;

// The one in-process trainer: takes queued runs one at a time and trains each on a dedicated thread
// (TorchSharp's dispose scopes are thread-bound, and a long job must not hold a thread-pool thread).
public sealed class TrainingWorker(
    RunQueue queue, RunStore runs, DatasetStore datasets, MetricStore metrics, RunTelemetry telemetry, RunJournal journal,
    StudioPaths paths, ModelCatalog catalog, AuditLog audit, ILogger<TrainingWorker> logger, IEnumerable<ITrainingStepHook> hooks,
    EvaluationStore evaluations, Evaluations.EvaluationService evaluationService) : BackgroundService
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

        var observer = new RunObserver(runId, telemetry, journal, catalog.Tasks.Find(RunConfigJson.TaskOf(run))?.Description.Metrics ?? [], [.. hooks]);
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
            TrainingOutcome.Completed => (RunStatus.Completed, CompletionMessage(run, result)),
            TrainingOutcome.Cancelled when stoppingToken.IsCancellationRequested => (RunStatus.Interrupted, "The studio stopped while this run was training."),
            TrainingOutcome.Cancelled => (RunStatus.Cancelled, "Cancelled by a user."),
            _ => (RunStatus.Failed, result.FailureReason ?? "Training failed."),
        };
        journal.Summary(runId, observer.Summary);
        await journal.FlushAsync();
        // Audited before the status changes, so whoever sees the run ended finds its entry.
        audit.Record(AuditActions.Studio, status switch
        {
            RunStatus.Completed => AuditActions.RunCompleted,
            RunStatus.Failed => AuditActions.RunFailed,
            _ => AuditActions.RunStopped,
        }, runId, $"{status} after {result.Steps:N0} steps: {message}");
        runs.Update(runId, r => { r.Status = status; r.Message = message; r.EndedAt = DateTime.UtcNow; });
        telemetry.SetStatus(runId, status, message);
        if (status == RunStatus.Completed) evaluationService.QueueRunEnd(runId);
        logger.LogInformation("Run {RunId} ended {Status} after {Steps} steps", runId, status, result.Steps);
    }

    // Quotes the task's headline metric ("validation entity F1 0.812").
    private string CompletionMessage(RunRecord run, TrainingResult result)
    {
        var headline = catalog.Tasks.Find(RunConfigJson.TaskOf(run))?.Description.Headline;
        return headline is not null && result.FinalMetrics.TryGetValue(headline.Key, out var value)
            ? $"Completed {result.Steps:N0} steps; validation {InSentence(headline.Title)} {value:0.000}."
            : $"Completed {result.Steps:N0} steps.";
    }

    // "Accuracy" reads "accuracy" mid-sentence; acronyms ("MRR") stay as they are.
    private static string InSentence(string title) =>
        title.Length > 1 && char.IsLower(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    // Hands the run's rows to its registered task, which turns them into examples (an image row's pixels are read
    // from the blob store as the task asks for them) and trains them through the shared recipe.
    private Func<TrainingResult> PrepareTraining(RunRecord run, RunObserver observer, CancellationToken token)
    {
        var config = RunConfigJson.Deserialize(run.ConfigJson);
        var task = catalog.Tasks.Get(config.Task);
        var version = datasets.GetVersion(run.DatasetId, run.DatasetVersion)
            ?? throw new InvalidOperationException($"Dataset {run.DatasetId} version {run.DatasetVersion} no longer exists.");
        var resumeFrom = ResumeDirectory(run);
        if (resumeFrom is not null) observer.Seed(metrics.Read(run.Id, null, 0));
        var rows = datasets.ReadAllRows(run.DatasetId, run.DatasetVersion).Select(row => new TaskRow(row.Text, row.Label)).ToList();
        var parts = datasets.GetSplit(run.DatasetId, run.DatasetVersion) is { } split && version.Split is not null && split.Parts.Count == rows.Count
            ? split.Parts : null;
        // Rows the version's labels do not cover (a damaged store) fail the run naming them, before anything trains.
        var problems = task.CheckRows(rows, version.Labels).ToList();
        if (problems.Count > 0) throw new InvalidDataException(string.Join(" ", problems));
        var (train, validation) = Split(rows, parts);
        var heldOut = parts?.Count(part => part == SplitPart.Test) ?? 0;
        var source = parts is null ? ExampleSources.ValidationFraction
            : validation is null ? ExampleSources.SplitTrainAndValidationFraction
            : ExampleSources.Split;
        // Recorded before the message that announces them, so a page reloading on that message finds them.
        observer.ExamplesCounted = (trained, validated) => runs.Update(run.Id, r => r.Examples = new RunExamples
        {
            Train = trained, Validation = validated, HeldOutTest = heldOut, Source = source,
        });
        // Kept as dataset positions so an evaluation of "validation" later scores exactly these rows.
        var trainPositions = parts is null ? null : Enumerable.Range(0, rows.Count).Where(i => parts[i] == SplitPart.Train).ToList();
        observer.ValidationHeldOut = held => evaluations.SetValidationRows(run.Id,
            trainPositions is null ? held : [.. held.Select(i => trainPositions[i])]);
        var job = new TaskJob(config, train, version.Labels, paths.CheckpointsFor(run.Id))
        {
            Validation = validation,
            InitialWeights = run.ParentCheckpointId is { } parent ? CheckpointDirectory(parent) : null,
            DatasetVersion = $"{run.DatasetId}@{run.DatasetVersion}",
            ReadImage = ReadImage,
        };
        return () => task.Train(job, catalog, observer, token, resumeFrom);
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

    private DecodedImage ReadImage(string text) => Datasets.ImageRows.Decode(datasets, text);

    private string? ResumeDirectory(RunRecord run) =>
        run.ResumeFromCheckpointId is { } id ? CheckpointDirectory(id) : null;

    private string CheckpointDirectory(string checkpointId) =>
        runs.GetCheckpoint(checkpointId)?.Directory ?? throw new InvalidOperationException($"Checkpoint {checkpointId} no longer exists.");
}
