using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Runs;

// Where a training step's output goes: the live store for watchers, the journal for LiteDB.
// Called on the training thread, so every call only hands data on.
public sealed class RunObserver(string runId, RunTelemetry telemetry, RunJournal journal, IReadOnlyList<Engine.Tasks.TaskMetric> metrics,
    IReadOnlyList<ITrainingStepHook>? hooks = null) : ITrainingObserver
{
    private readonly RunSummary _summary = new(metrics);
    private readonly Lock _lock = new();

    public string? LastMessage { get; private set; }

    // Where the counted examples go (the run record); set by the worker, which knows the split they came from.
    public Action<int, int>? ExamplesCounted { get; set; }

    public RunSummary Summary { get { lock (_lock) return _summary.Snapshot(); } }

    // A resumed run's summary starts from what it logged before the checkpoint it continues from.
    public void Seed(IReadOnlyList<MetricRow> rows)
    {
        lock (_lock)
            foreach (var row in rows) _summary.Observe(row.Key, row.Step, row.Value);
    }

    public void OnMetrics(IReadOnlyList<MetricPoint> points)
    {
        telemetry.Append(runId, points);
        journal.Metrics(runId, points);
        lock (_lock)
            foreach (var p in points) _summary.Observe(p.Key, p.Step, p.Value);
        if (hooks is { Count: > 0 } && points.Count > 0)
            foreach (var hook in hooks) hook.AfterStep(runId, points.Max(p => p.Step));
    }

    public void OnCheckpoint(CheckpointInfo checkpoint)
    {
        journal.Checkpoint(new CheckpointRecord(
            $"{runId}-{checkpoint.Name}", runId, checkpoint.Name, checkpoint.Step, checkpoint.Epoch,
            checkpoint.Directory, checkpoint.SizeBytes, new Dictionary<string, double>(checkpoint.Metrics), DateTime.UtcNow));
        journal.Summary(runId, Summary);
    }

    // Once per training start, before the first step: a write here delays no step.
    public void OnExamples(int train, int validation) => ExamplesCounted?.Invoke(train, validation);

    public Action<IReadOnlyList<int>>? ValidationHeldOut { get; set; }

    public void OnValidationRows(IReadOnlyList<int> heldOutTrainRows) => ValidationHeldOut?.Invoke(heldOutTrainRows);

    public void OnMessage(string message)
    {
        LastMessage = message;
        telemetry.SetStatus(runId, RunStatus.Running, message);
    }
}
