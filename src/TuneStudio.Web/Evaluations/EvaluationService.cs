using System.Security.Claims;
using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tasks;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Evaluations;

public sealed record EvaluationRequest(string? CheckpointId, string? DatasetId, int? DatasetVersion, string? Split, PerturbationRequest? Perturbation);

public sealed record PerturbationRequest(string? Kind, IReadOnlyList<double>? Strengths);

// The rows an evaluation scores, as 0-based positions in the version, with the checkpoint they are scored by.
public sealed record EvaluationInput(EvaluationRecord Evaluation, CheckpointRecord Checkpoint, TrainerState State, IReadOnlyList<int> Positions);

// The rules of evaluations: what may be evaluated on what, by whom, which rows a split means, and the ones a
// completed run gets. Pages and the API both come through here.
public sealed class EvaluationService(
    EvaluationStore store, EvaluationQueue queue, RunStore runs, DatasetStore datasets, DatasetAccess access, ModelCatalog catalog,
    AuditLog audit, ILogger<EvaluationService> logger)
{
    public static readonly IReadOnlyList<string> Splits = ["validation", "test", "all"];
    public const int MaxStrengths = 10;

    // Raised after an evaluation changes (queued, progress, ended), with its id and run id; pages listen to it.
    public event Action<string, string>? Changed;

    public (EvaluationRecord? Evaluation, IReadOnlyList<FieldError> Errors, int Status) Start(EvaluationRequest request, ClaimsPrincipal user)
    {
        if (string.IsNullOrWhiteSpace(request.CheckpointId)) return Invalid("checkpointId", "Name the checkpoint to evaluate.");
        var checkpoint = runs.GetCheckpoint(request.CheckpointId);
        var run = checkpoint is null ? null : runs.Get(checkpoint.RunId);
        if (checkpoint is null || run is null || !Directory.Exists(checkpoint.Directory) || !access.MayRead(user, run.DatasetId))
            return (null, [new FieldError("checkpointId", $"Checkpoint '{request.CheckpointId}' does not exist.")], StatusCodes.Status404NotFound);
        var datasetId = string.IsNullOrWhiteSpace(request.DatasetId) ? run.DatasetId : request.DatasetId;
        var dataset = datasets.Get(datasetId);
        if (dataset is null || !access.MayRead(user, datasetId))
            return (null, [new FieldError("datasetId", $"Dataset '{datasetId}' does not exist.")], StatusCodes.Status404NotFound);
        var versionNumber = request.DatasetVersion ?? (datasetId == run.DatasetId ? run.DatasetVersion : dataset.LatestVersion);
        if (datasets.GetVersion(datasetId, versionNumber) is null)
            return Invalid("datasetVersion", $"Dataset '{datasetId}' has no version {versionNumber} (its latest is {dataset.LatestVersion}).");
        var split = request.Split ?? "validation";
        if (!Splits.Contains(split)) return Invalid("split", $"'{split}' is not a split; use {string.Join(", ", Splits)}.");
        var perturbationErrors = CheckPerturbation(request.Perturbation);
        if (perturbationErrors.Count > 0) return (null, perturbationErrors, StatusCodes.Status400BadRequest);

        var evaluation = new EvaluationRecord
        {
            RunId = run.Id, CheckpointId = checkpoint.Id, CheckpointName = checkpoint.Name, DatasetId = datasetId, DatasetVersion = versionNumber,
            Split = split, RequestedBy = user.UserName(), PerturbationKind = request.Perturbation?.Kind,
            PerturbationStrengths = request.Perturbation?.Strengths?.ToList(),
        };
        // Everything the worker will need is checked now, so a bad request is a 400 and not a failed job.
        var (_, problem) = Resolve(evaluation, checkpoint);
        if (problem is not null) return (null, [problem], StatusCodes.Status400BadRequest);

        store.Create(evaluation);
        audit.Record(user.UserName(), AuditActions.EvaluationStarted, run.Id,
            $"{evaluation.Id}: {checkpoint.Name} on {datasetId} v{versionNumber} ({split})");
        queue.Enqueue(evaluation.Id);
        Changed?.Invoke(evaluation.Id, run.Id);
        return (evaluation, [], StatusCodes.Status202Accepted);
    }

    // A completed run is evaluated on its validation rows and, when its version holds test rows, on those: with its
    // last checkpoint and, when another one scored better, its best.
    public void QueueRunEnd(string runId)
    {
        var run = runs.Get(runId);
        var checkpoints = runs.GetCheckpoints(runId);
        if (run is null || checkpoints.Count == 0 || catalog.Tasks.Find(RunConfigJson.TaskOf(run)) is not { Evaluates: true }) return;
        var last = checkpoints[^1];
        var chosen = new List<CheckpointRecord> { last };
        if (Best(run, checkpoints) is { } best && best.Id != last.Id) chosen.Insert(0, best);
        var hasTest = datasets.GetSplit(run.DatasetId, run.DatasetVersion) is { } parts && parts.Count(SplitPart.Test) > 0;
        foreach (var checkpoint in chosen)
        {
            foreach (var split in hasTest ? new[] { "validation", "test" } : ["validation"])
            {
                var evaluation = new EvaluationRecord
                {
                    RunId = run.Id, CheckpointId = checkpoint.Id, CheckpointName = checkpoint.Name, DatasetId = run.DatasetId,
                    DatasetVersion = run.DatasetVersion, Split = split, Trigger = "run-end", RequestedBy = AuditActions.Studio,
                };
                var (_, problem) = Resolve(evaluation, checkpoint);
                if (problem is not null)
                {
                    // A run the studio cannot evaluate (its checkpoint predates recorded validation rows) says why in the log.
                    logger.LogWarning("Run {RunId}: no {Split} evaluation of {Checkpoint}: {Problem}", runId, split, checkpoint.Name, problem.Message);
                    continue;
                }
                store.Create(evaluation);
                queue.Enqueue(evaluation.Id);
                Changed?.Invoke(evaluation.Id, run.Id);
            }
        }
    }

    // The checkpoint whose stored metrics score best on the task's headline metric; null when none recorded it.
    private CheckpointRecord? Best(RunRecord run, IReadOnlyList<CheckpointRecord> checkpoints)
    {
        var headline = catalog.Tasks.Find(RunConfigJson.TaskOf(run))?.Description.Headline;
        if (headline is null) return null;
        var scored = checkpoints.Where(c => c.Metrics.ContainsKey(headline.Key)).ToList();
        if (scored.Count == 0) return null;
        return headline.Mode == MetricMode.Max
            ? scored.OrderByDescending(c => c.Metrics[headline.Key]).ThenByDescending(c => c.Step).First()
            : scored.OrderBy(c => c.Metrics[headline.Key]).ThenByDescending(c => c.Step).First();
    }

    public enum CancelOutcome { Cancelled, NotFound, AlreadyEnded, Forbidden }

    // Whoever asked for an evaluation may cancel it, the run's owner those the studio queued for it, an admin any.
    public CancelOutcome Cancel(string id, ClaimsPrincipal user)
    {
        var evaluation = store.Get(id);
        if (evaluation is null || !access.MayRead(user, evaluation.DatasetId)) return CancelOutcome.NotFound;
        var owner = evaluation.Trigger == "run-end" ? runs.Get(evaluation.RunId)?.StartedBy ?? "" : evaluation.RequestedBy;
        if (!user.IsInRole(Roles.Admin) && !string.Equals(owner, user.UserName(), StringComparison.OrdinalIgnoreCase)) return CancelOutcome.Forbidden;
        lock (queue.Transitions)
        {
            evaluation = store.Get(id)!;
            if (EvaluationStatus.IsTerminal(evaluation.Status)) return CancelOutcome.AlreadyEnded;
            if (evaluation.Status == EvaluationStatus.Queued)
                store.Update(id, e => { e.Status = EvaluationStatus.Cancelled; e.EndedAt = DateTime.UtcNow; e.Message = "Cancelled before it started."; });
            else queue.TryCancelActive(id);
        }
        audit.Record(user.UserName(), AuditActions.EvaluationCancelled, evaluation.RunId, id);
        Changed?.Invoke(id, evaluation.RunId);
        return CancelOutcome.Cancelled;
    }

    public EvaluationRecord? Get(string id, ClaimsPrincipal user) =>
        store.Get(id) is { } evaluation && access.MayRead(user, evaluation.DatasetId) && RunReadable(evaluation.RunId, user) ? evaluation : null;

    public IReadOnlyList<EvaluationRecord> ForRun(string runId) => store.ListForRun(runId);

    public EvaluationExamplePage Examples(string id, EvaluationExampleQuery query) => store.ReadExamples(id, query);

    internal void Notify(EvaluationRecord evaluation) => Changed?.Invoke(evaluation.Id, evaluation.RunId);

    private bool RunReadable(string runId, ClaimsPrincipal user) => runs.Get(runId) is { } run && access.MayRead(user, run.DatasetId);

    // What the worker scores: the checkpoint's state and the split's rows, or the reason it cannot be done (naming
    // the field of the request it comes from).
    internal (EvaluationInput? Input, FieldError? Problem) Resolve(EvaluationRecord evaluation, CheckpointRecord checkpoint)
    {
        TrainerState state;
        try { state = CheckpointReader.ReadState(checkpoint.Directory); }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Checkpoint {Checkpoint} of run {RunId} is unreadable", checkpoint.Name, checkpoint.RunId);
            return (null, new FieldError("checkpointId", $"Checkpoint '{checkpoint.Id}' cannot be read: {e.Message}"));
        }
        var task = catalog.Tasks.Find(state.Config.Task);
        if (task is null) return (null, new FieldError("checkpointId", $"Checkpoint '{checkpoint.Id}' is of task '{state.Config.Task}', which this studio does not have."));
        if (!task.Evaluates) return (null, new FieldError("checkpointId", $"Checkpoints of the {task.Description.Title.ToLowerInvariant()} task cannot be evaluated in this version of the studio."));
        var dataset = datasets.Get(evaluation.DatasetId)!;
        if (DatasetTrainingTasks.TaskFor(dataset.Task) != task.Name)
            return (null, new FieldError("datasetId", $"Dataset '{dataset.Name}' holds {dataset.Task} rows; the checkpoint does {task.Description.Title.ToLowerInvariant()}."));
        var version = datasets.GetVersion(evaluation.DatasetId, evaluation.DatasetVersion)!;
        if (task.Description.HasClasses)
        {
            var unknown = version.Labels.Except(state.Labels, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
                return (null, new FieldError("datasetVersion",
                    $"The checkpoint does not know {(unknown.Count == 1 ? "the label" : "these labels")} of {dataset.Name} v{version.Version}: " +
                    $"{string.Join(", ", unknown.Take(20).Select(label => $"'{label}'"))}. It knows {string.Join(", ", state.Labels.Take(20).Select(label => $"'{label}'"))}."));
        }
        var positions = Positions(evaluation, version);
        if (positions.Problem is not null) return (null, positions.Problem);
        if (positions.Rows!.Count == 0) return (null, new FieldError("split", $"The {evaluation.Split} split of {dataset.Name} v{version.Version} has no rows."));
        return (new EvaluationInput(evaluation, checkpoint, state, positions.Rows), null);
    }

    private (IReadOnlyList<int>? Rows, FieldError? Problem) Positions(EvaluationRecord evaluation, DatasetVersionInfo version)
    {
        var name = $"{version.DatasetId} v{version.Version}";
        if (evaluation.Split == "all") return ([.. Enumerable.Range(0, (int)version.RowCount)], null);
        var parts = datasets.GetSplit(version.DatasetId, version.Version)?.Parts;
        if (evaluation.Split == "test")
        {
            var test = parts is null ? [] : Enumerable.Range(0, parts.Count).Where(i => parts[i] == SplitPart.Test).ToList();
            return test.Count > 0 ? (test, null)
                : (null, new FieldError("split", $"{name} has no test split: make one with the split operation on the dataset page, or evaluate on 'all'."));
        }
        var validation = parts is null ? [] : Enumerable.Range(0, parts.Count).Where(i => parts[i] == SplitPart.Validation).ToList();
        if (validation.Count > 0) return (validation, null);
        // The run held out its own validation rows from this very version: those, and no others.
        var run = runs.Get(evaluation.RunId);
        if (run is not null && run.DatasetId == version.DatasetId && run.DatasetVersion == version.Version && store.GetValidationRows(run.Id) is { Count: > 0 } heldOut)
            return (heldOut, null);
        return (null, new FieldError("split", $"{name} has no validation split{(run?.DatasetId == version.DatasetId && run.DatasetVersion == version.Version ? " and the run did not record the rows it held out" : "")}: evaluate on 'test' or 'all', or split the version."));
    }

    private static List<FieldError> CheckPerturbation(PerturbationRequest? perturbation)
    {
        if (perturbation is null) return [];
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(perturbation.Kind)) errors.Add(new("perturbation.kind", "Name a perturbation."));
        else if (!EvaluationPerturbations.Kinds.Contains(perturbation.Kind))
            errors.Add(new("perturbation.kind", $"'{perturbation.Kind}' is not a perturbation; use {string.Join(", ", EvaluationPerturbations.Kinds)}."));
        if (perturbation.Strengths is not { Count: > 0 } strengths) errors.Add(new("perturbation.strengths", "Give at least one strength between 0 and 1."));
        else if (strengths.Count > MaxStrengths) errors.Add(new("perturbation.strengths", $"At most {MaxStrengths} strengths."));
        else
        {
            var index = strengths.ToList().FindIndex(strength => !(strength >= 0 && strength <= 1));
            if (index >= 0) errors.Add(new($"perturbation.strengths[{index}]", $"{strengths[index]} is not between 0 and 1."));
        }
        return errors;
    }

    private static (EvaluationRecord?, IReadOnlyList<FieldError>, int) Invalid(string field, string message) =>
        (null, [new FieldError(field, message)], StatusCodes.Status400BadRequest);
}
