using System.Security.Claims;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Runs;

public enum CancelOutcome { Cancelled, NotFound, AlreadyFinished, Forbidden }

// Starting and stopping runs: the one place that turns a request into a queued run. It checks the caller's role
// itself, so pages (whose buttons are hidden from readers) and the API are held to the same rule.
public sealed class RunService(RunStore runs, DatasetStore datasets, RunQueue queue, RunTelemetry telemetry, AuditLog audit)
{
    public (RunRecord? Run, IReadOnlyList<FieldError> Errors) Create(CreateRunRequest request, ClaimsPrincipal by)
    {
        if (!by.CanTrain()) return (null, [new FieldError("user", "Only engineers and admins may start runs.")]);
        var errors = new List<FieldError>();
        var config = Resolve(request, errors);

        DatasetSummary? dataset = null;
        if (string.IsNullOrWhiteSpace(request.DatasetId))
            errors.Add(new("datasetId", "Choose a dataset."));
        else if ((dataset = datasets.Get(request.DatasetId)) is null)
            errors.Add(new("datasetId", $"Dataset '{request.DatasetId}' does not exist."));

        int version = request.DatasetVersion ?? dataset?.LatestVersion ?? 1;
        if (dataset is not null && datasets.GetVersion(dataset.Id, version) is null)
            errors.Add(new("datasetVersion", $"Dataset '{dataset.Id}' has no version {version}."));
        if (dataset is not null && dataset.Labels.Count < 2)
            errors.Add(new("datasetId", $"Dataset '{dataset.Id}' has {dataset.Labels.Count} label; classification needs at least 2."));

        if (config is not null)
            errors.AddRange(config.Validate().Select(e => new FieldError(e.Field, e.Message)));
        if (errors.Count > 0 || config is null || dataset is null) return (null, errors);

        var run = runs.Create(new RunRecord
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"{config.Model} {RunConfigJson.MethodName(config.Method)} on {dataset.Name}" : request.Name.Trim(),
            Status = RunStatus.Queued,
            DatasetId = dataset.Id,
            DatasetName = dataset.Name,
            DatasetVersion = version,
            Model = config.Model,
            Method = RunConfigJson.MethodName(config.Method),
            ConfigJson = RunConfigJson.Serialize(config),
            StartedBy = by.UserName(),
        });
        audit.Record(by.UserName(), AuditActions.RunStarted, run.Id, $"{run.Name} ({run.Method} on {run.DatasetId} v{run.DatasetVersion})");
        queue.Enqueue(run.Id);
        return (run, []);
    }

    public CancelOutcome Cancel(string runId, ClaimsPrincipal by)
    {
        if (!by.CanTrain()) return CancelOutcome.Forbidden;
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

    private static TrainingConfig? Resolve(CreateRunRequest r, List<FieldError> errors)
    {
        var defaults = new TrainingConfig();
        var method = defaults.Method;
        if (r.Method is not null && (!Enum.TryParse(r.Method, ignoreCase: true, out method) || !Enum.IsDefined(method) || char.IsDigit(r.Method.Trim().FirstOrDefault())))
        {
            errors.Add(new("method", $"Unknown method '{r.Method}'. Use full, lora or freeze."));
            return null;
        }
        return defaults with
        {
            Model = r.Model ?? defaults.Model,
            Method = method,
            LearningRate = r.LearningRate ?? defaults.LearningRate,
            BatchSize = r.BatchSize ?? defaults.BatchSize,
            Epochs = r.Epochs ?? defaults.Epochs,
            Seed = r.Seed ?? defaults.Seed,
            ValidationFraction = r.ValidationFraction ?? defaults.ValidationFraction,
            WarmupSteps = r.WarmupSteps ?? defaults.WarmupSteps,
            WeightDecay = r.WeightDecay ?? defaults.WeightDecay,
            GradientClipNorm = r.GradientClipNorm ?? defaults.GradientClipNorm,
            MaxSequenceLength = r.MaxSequenceLength ?? defaults.MaxSequenceLength,
            TrainableTopLayers = r.TrainableTopLayers ?? defaults.TrainableTopLayers,
            Lora = r.Lora is null ? defaults.Lora : defaults.Lora with
            {
                Rank = r.Lora.Rank ?? defaults.Lora.Rank,
                Alpha = r.Lora.Alpha ?? defaults.Lora.Alpha,
                Dropout = r.Lora.Dropout ?? defaults.Lora.Dropout,
                TargetModules = r.Lora.TargetModules ?? defaults.Lora.TargetModules,
            },
        };
    }
}
