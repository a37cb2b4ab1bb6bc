using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TuneStudio.Engine;
using TuneStudio.Storage;

namespace TuneStudio.Web.Telemetry;

// The one store of live run data: the training worker appends, subscribers (the SignalR hub and the
// run page's charts) follow with their own cursors. Logs of running runs stay whole in memory; once a
// run has ended and its points are in LiteDB, only the newest few finished logs are kept.
public sealed class RunTelemetry(MetricStore metrics, RunStore runs, IOptions<StudioOptions> options, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, RunLog> _logs = new();
    private readonly ILogger _logger = loggers.CreateLogger<RunTelemetry>();

    public TimeSpan DefaultInterval => TimeSpan.FromMilliseconds(options.Value.LiveUpdateIntervalMs);

    public void BeginRun(string runId)
    {
        var log = _logs.GetOrAdd(runId, id => new RunLog(id, RunStatus.Running, null));
        log.SetStatus(new RunStatusChange(runId, RunStatus.Running, null), ended: false);
    }

    // A resumed run starts a fresh log holding what LiteDB keeps of it (its points up to the resume checkpoint, the
    // later ones being superseded), so a late joiner gets 1..k and then the live steps, never the replaced ones.
    public void Reopen(string runId, string status, string? message)
    {
        var log = new RunLog(runId, status, message);
        log.Append(ReadStored(runId, 0, null));
        _logs[runId] = log;
    }

    public void Append(string runId, IReadOnlyList<MetricPoint> points)
    {
        if (_logs.TryGetValue(runId, out var log)) log.Append(points);
    }

    public void SetStatus(string runId, string status, string? message)
    {
        bool ended = RunStatus.IsTerminal(status);
        var log = _logs.GetOrAdd(runId, id => new RunLog(id, status, message));
        log.SetStatus(new RunStatusChange(runId, status, message), ended);
        if (ended) EvictOldFinishedLogs();
    }

    public IReadOnlyList<MetricPoint> ReadAfterStep(string runId, long afterStep, string? key)
    {
        if (_logs.TryGetValue(runId, out var log) && log.Status.Status != RunStatus.Queued)
            return log.ReadAfterStep(afterStep, key);
        return ReadStored(runId, afterStep, key);
    }

    // Starts a feed that sends what the subscriber missed after afterStep, then everything new, in order.
    public RunFeed Subscribe(string runId, long afterStep, Func<IReadOnlyList<MetricPoint>, Task> onPoints,
        Func<RunStatusChange, Task> onStatus, TimeSpan? minInterval = null)
    {
        var log = LiveLogFor(runId);
        var source = log is not null
            ? RunFeed.Live(log, afterStep)
            : RunFeed.Stored(ReadStored(runId, afterStep, null), StoredStatus(runId));
        return source.Start(onPoints, onStatus, minInterval ?? DefaultInterval, _logger);
    }

    private RunLog? LiveLogFor(string runId)
    {
        if (_logs.TryGetValue(runId, out var log)) return log;
        var run = runs.Get(runId);
        // A queued run has no points yet; its log waits for the worker to start it.
        if (run is not null && !RunStatus.IsTerminal(run.Status) && run.Status != RunStatus.Interrupted)
            return _logs.GetOrAdd(runId, id => new RunLog(id, run.Status, run.Message));
        return null;
    }

    private RunStatusChange StoredStatus(string runId)
    {
        var run = runs.Get(runId);
        return new RunStatusChange(runId, run?.Status ?? "unknown", run?.Message);
    }

    private IReadOnlyList<MetricPoint> ReadStored(string runId, long afterStep, string? key) =>
        metrics.Read(runId, key, afterStep)
            .Select(r => new MetricPoint(r.Step, r.Key, r.Value, new DateTimeOffset(DateTime.SpecifyKind(r.Time, DateTimeKind.Utc))))
            .ToList();

    private void EvictOldFinishedLogs()
    {
        var finished = _logs.Values.Where(l => l.EndedAt is not null).OrderByDescending(l => l.EndedAt).ToList();
        foreach (var old in finished.Skip(options.Value.FinishedRunsKeptInMemory))
            _logs.TryRemove(old.RunId, out _);
    }
}
