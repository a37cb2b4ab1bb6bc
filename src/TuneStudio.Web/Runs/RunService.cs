using System.Security.Claims;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Runs;

public enum CancelOutcome { Cancelled, NotFound, AlreadyFinished, Forbidden }

public enum ResumeOutcome { Queued, NotFound, CheckpointNotFound, Conflict, Forbidden }

public enum CheckpointDeleteOutcome { Deleted, NotFound, Conflict, Forbidden }

public sealed record ResolvedRun(Engine.TrainingConfig Config, DatasetSummary Dataset, int Version, CheckpointRecord? Parent);

// Starting, stopping and resuming runs: the one place that turns a request into a queued run. It checks the
// caller's role itself, so pages (whose buttons are hidden from readers) and the API are held to the same rule.
public sealed class RunService(RunStore runs, DatasetStore datasets, MetricStore metrics, RunQueue queue, RunTelemetry telemetry, AuditLog audit,
    Engine.ModelCatalog catalog, Microsoft.Extensions.Options.IOptions<StudioOptions> options, RunMemoryLimit memory)
{
    /// <summary>The field a refusal names when the caller already has their quota of queued runs (429, not 400).</summary>
    public const string QueueField = "queue";

    public (RunRecord? Run, IReadOnlyList<FieldError> Errors) Create(RunRequest request, ClaimsPrincipal by)
    {
        if (!by.CanTrain()) return (null, [new FieldError("user", "Only engineers and admins may start runs.")]);
        var (resolved, errors) = Resolve(request);
        if (resolved is null) return (null, errors);
        var (config, dataset, version, parent) = resolved;
        if (memory.Check(config, dataset) is { } tooLarge) return (null, [tooLarge]);

        var record = new RunRecord
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? DefaultName(config, dataset, parent) : request.Name.Trim(),
            Status = RunStatus.Queued,
            DatasetId = dataset.Id,
            DatasetName = dataset.Name,
            DatasetVersion = version,
            Model = config.Model,
            Method = RunConfigJson.MethodName(config.Method),
            Task = config.Task,
            ConfigJson = RunConfigJson.Serialize(config),
            StartedBy = by.UserName(),
            ParentRunId = parent?.RunId,
            ParentCheckpointId = parent?.Id,
        };
        RunRecord run;
        // Counted and created under the queue's lock, so a burst of requests cannot all pass the count at once.
        lock (queue.Transitions)
        {
            if (QueueFull(by) is { } full) return (null, [full]);
            run = runs.Create(record);
        }
        var forked = parent is null ? "" : $", forked from {parent.Id}";
        audit.Record(by.UserName(), AuditActions.RunStarted, run.Id, $"{run.Name} ({run.Method} on {run.DatasetId} v{run.DatasetVersion}{forked})");
        queue.Enqueue(run.Id);
        return (run, []);
    }

    /// <summary>The request checked against the data, the catalogue and the config's rules; the data decides the task.
    /// Create, the plan preview and the batch finder all start here, so they agree on what a run would train.</summary>
    public (ResolvedRun? Run, IReadOnlyList<FieldError> Errors) Resolve(RunRequest request)
    {
        var errors = new List<FieldError>();
        var config = request.Config;
        if (Storage.InputText.CheckName(request.Name?.Trim(), "The run's name") is { } badName) errors.Add(new("name", badName));

        DatasetSummary? dataset = null;
        if (string.IsNullOrWhiteSpace(request.DatasetId))
            errors.Add(new("datasetId", "Choose a dataset."));
        else if ((dataset = datasets.Get(request.DatasetId)) is null)
            errors.Add(new("datasetId", $"Dataset '{request.DatasetId}' does not exist."));

        int version = request.DatasetVersion ?? dataset?.LatestVersion ?? 1;
        if (dataset is not null && datasets.GetVersion(dataset.Id, version) is null)
            errors.Add(new("datasetVersion", $"Dataset '{dataset.Id}' has no version {version}."));
        var task = dataset is null ? null : TaskOf(dataset);
        if (dataset is not null && task is null)
            errors.Add(new("datasetId", $"Dataset '{dataset.Id}' is {dataset.Task}; runs train {string.Join(", ", DatasetTrainingTasks.TrainableKinds)}."));
        else if (dataset is not null && task is not null && catalog.Tasks.Get(task).Description.HasClasses && dataset.Labels.Count < 2)
            errors.Add(new("datasetId", $"Dataset '{dataset.Id}' has {dataset.Labels.Count} label; classification needs at least 2."));
        else if (dataset is not null && task is not null && catalog.Find(config.Model) is { } model && !catalog.Fits(model, task))
            errors.Add(new("model", MismatchMessage(model, dataset, catalog.Tasks.Get(task))));

        CheckpointRecord? parent = null;
        if (request.ForkFromCheckpointId is { } forkId &&
            ((parent = runs.GetCheckpoint(forkId)) is null || !Directory.Exists(parent.Directory)))
            errors.Add(new("forkFrom.checkpointId", $"Checkpoint '{forkId}' does not exist."));

        // The data decides the task (and so the model's head), whatever the request said.
        if (task is not null)
            config = config with { Task = task };
        int kept = options.Value.Quotas.CheckpointsPerRun;
        if (config.Checkpoints is { KeepLast: 0 } keepAll)
            config = config with { Checkpoints = keepAll with { KeepLast = kept } };
        else if (config.Checkpoints?.KeepLast > kept)
            errors.Add(new("checkpoints.keepLast", $"A run keeps at most {kept} checkpoints besides its best (TuneStudio:Quotas:CheckpointsPerRun)."));
        // One message per field: the dataset-aware one above says more than the config's own.
        errors.AddRange(config.Validate(catalog).Where(e => errors.All(seen => seen.Field != e.Field)).Select(e => new FieldError(e.Field, e.Message)));
        if (errors.Count > 0 || dataset is null) return (null, errors);
        return (new ResolvedRun(config, dataset, version, parent), []);
    }

    private FieldError? QueueFull(ClaimsPrincipal by)
    {
        int quota = options.Value.Quotas.QueuedRunsPerUser;
        int queued = runs.List().Count(r => r.Status is RunStatus.Queued or RunStatus.Running
            && string.Equals(r.StartedBy, by.UserName(), StringComparison.OrdinalIgnoreCase));
        return queued < quota ? null : new FieldError(QueueField,
            $"You have {queued} runs queued or training, the most one user may (TuneStudio:Quotas:QueuedRunsPerUser = {quota}); wait for one to end or cancel one.");
    }

    private string MismatchMessage(Engine.ModelInfo model, DatasetSummary dataset, Engine.Tasks.ITrainingTask task)
    {
        var fitting = string.Join(", ", catalog.ForTask(task.Name).Select(m => m.Id));
        return $"Model '{model.Id}' cannot train dataset '{dataset.Id}' ({dataset.Task}): {task.Description.UnfitReason}; choose one of {fitting}.";
    }

    // The task a run on this dataset trains (null: none learns its kind); the dialog's plan and batch finder use it
    // as the queued run will.
    public static string? TaskOf(DatasetSummary dataset) => DatasetTrainingTasks.TaskFor(dataset.Task);

    private static string DefaultName(Engine.TrainingConfig config, DatasetSummary dataset, CheckpointRecord? parent) =>
        parent is null
            ? $"{config.Model} {RunConfigJson.MethodName(config.Method)} on {dataset.Name}"
            : $"{config.Model} {RunConfigJson.MethodName(config.Method)} fork of {parent.RunId} at step {parent.Step}";

    /// <summary>Why the caller may not change the run, or null: engineers change the runs they started, admins any.</summary>
    public static string? WhyNotAllowed(RunRecord run, ClaimsPrincipal by, string verb) =>
        !by.CanTrain() ? $"Only engineers and admins may {verb} runs."
        : by.IsInRole(Roles.Admin) || string.Equals(run.StartedBy, by.UserName(), StringComparison.OrdinalIgnoreCase) ? null
        : $"Run '{run.Id}' was started by {run.StartedBy}; only they or an admin may {verb} it.";

    public CancelOutcome Cancel(string runId, ClaimsPrincipal by)
    {
        if (!by.CanTrain() || (runs.Get(runId) is { } owned && WhyNotAllowed(owned, by, "cancel") is not null)) return CancelOutcome.Forbidden;
        var outcome = CancelAs(runId);
        if (outcome == CancelOutcome.Cancelled) audit.Record(by.UserName(), AuditActions.RunCancelled, runId);
        return outcome;
    }

    private CancelOutcome CancelAs(string runId)
    {
        const string message = "Cancelled before it started.";
        lock (queue.Transitions)
        {
            var run = runs.Get(runId);
            if (run is null) return CancelOutcome.NotFound;
            if (run.Status == RunStatus.Running && queue.TryCancelActive(runId)) return CancelOutcome.Cancelled;
            if (run.Status != RunStatus.Queued) return CancelOutcome.AlreadyFinished;
            runs.Update(runId, r => { r.Status = RunStatus.Cancelled; r.Message = message; r.EndedAt = DateTime.UtcNow; });
        }
        telemetry.SetStatus(runId, RunStatus.Cancelled, message);
        return CancelOutcome.Cancelled;
    }

    // Continues an ended run under its own id from its last checkpoint (or the one named). What it logged after that
    // checkpoint is superseded, not deleted, and its later checkpoints go (the engine deletes their files).
    public (ResumeOutcome Outcome, string Message) Resume(string runId, string? checkpointId, ClaimsPrincipal by)
    {
        if (!by.CanTrain()) return (ResumeOutcome.Forbidden, "Only engineers and admins may resume runs.");
        CheckpointRecord from;
        string message;
        lock (queue.Transitions)
        {
            var run = runs.Get(runId);
            if (run is null) return (ResumeOutcome.NotFound, $"Run '{runId}' does not exist.");
            if (WhyNotAllowed(run, by, "resume") is { } notYours) return (ResumeOutcome.Forbidden, notYours);
            if (!RunStatus.IsTerminal(run.Status))
                return (ResumeOutcome.Conflict, $"Run '{runId}' is {run.Status}; only an ended run can be resumed.");
            // A completed run has nothing left to do; training it further is a new run with its own history.
            if (run.Status == RunStatus.Completed)
                return (ResumeOutcome.Conflict, $"Run '{runId}' completed; fork a new run from one of its checkpoints to train further.");

            var checkpoints = runs.GetCheckpoints(runId).Where(c => Directory.Exists(c.Directory)).ToList();
            if (checkpointId is not null)
            {
                var named = checkpoints.FirstOrDefault(c => c.Id == checkpointId);
                if (named is null) return (ResumeOutcome.CheckpointNotFound, $"Run '{runId}' has no checkpoint '{checkpointId}'.");
                from = named;
            }
            else if (checkpoints.LastOrDefault() is { } last) from = last;
            else return (ResumeOutcome.Conflict, $"Run '{runId}' is {run.Status} and has no checkpoint to resume from.");

            metrics.Supersede(runId, from.Step);
            runs.DeleteCheckpointsAfter(runId, from.Step);
            message = $"Resuming from checkpoint {from.Name} (step {from.Step}).";
            runs.Update(runId, r =>
            {
                r.Status = RunStatus.Queued;
                r.Message = message;
                r.EndedAt = null;
                r.ResumeFromCheckpointId = from.Id;
            });
            telemetry.Reopen(runId, RunStatus.Queued, message);
        }
        audit.Record(by.UserName(), AuditActions.RunResumed, runId, $"Resumed from {from.Id}");
        queue.Enqueue(runId);
        return (ResumeOutcome.Queued, message);
    }

    // The record goes first, under the queue's lock, so no run can be queued from a checkpoint whose files are
    // half-deleted; files that fail to go leave an orphan folder, never a listed checkpoint that cannot load.
    public (CheckpointDeleteOutcome Outcome, string Message) DeleteCheckpoint(string checkpointId, ClaimsPrincipal by)
    {
        if (!by.CanTrain()) return (CheckpointDeleteOutcome.Forbidden, "Only engineers and admins may delete checkpoints.");
        CheckpointRecord? checkpoint;
        lock (queue.Transitions)
        {
            checkpoint = runs.GetCheckpoint(checkpointId);
            if (checkpoint is null) return (CheckpointDeleteOutcome.NotFound, $"Checkpoint '{checkpointId}' does not exist.");
            if (runs.Get(checkpoint.RunId) is { } run && WhyNotAllowed(run, by, "delete checkpoints of") is { } notYours)
                return (CheckpointDeleteOutcome.Forbidden, notYours);
            if (runs.Get(checkpoint.RunId) is { Status: RunStatus.Running or RunStatus.Queued } owner)
                return (CheckpointDeleteOutcome.Conflict,
                    $"Run '{owner.Id}' is {owner.Status}; delete its checkpoints once it has ended (its keep-last/keep-best settings prune them while it trains).");
            var waiting = runs.ListQueued().FirstOrDefault(r => r.ParentCheckpointId == checkpointId || r.ResumeFromCheckpointId == checkpointId);
            if (waiting is not null)
                return (CheckpointDeleteOutcome.Conflict, $"Run '{waiting.Id}' is queued to start from checkpoint '{checkpointId}'.");
            runs.DeleteCheckpoint(checkpointId);
        }
        try
        {
            Directory.Delete(checkpoint.Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        audit.Record(by.UserName(), AuditActions.CheckpointDeleted, checkpoint.RunId, $"{checkpoint.Name} (step {checkpoint.Step})");
        return (CheckpointDeleteOutcome.Deleted, $"Deleted checkpoint {checkpoint.Name}.");
    }
}
