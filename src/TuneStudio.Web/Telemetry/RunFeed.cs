using TuneStudio.Engine;
using TuneStudio.Storage;

namespace TuneStudio.Web.Telemetry;

// One subscriber's view of a run: a cursor over the run's log and a pump that sends what is new at
// most once per interval. A slow subscriber only delays its own pump and later gets bigger batches;
// nothing is buffered per subscriber, so training never waits for a browser.
public sealed class RunFeed : IAsyncDisposable
{
    private const int MaxPointsPerBatch = 5_000;
    private const int MaxDeliveryAttempts = 20;

    private readonly RunLog? _log;
    private readonly long _afterStep;
    private readonly IReadOnlyList<MetricPoint> _stored;
    private readonly RunStatusChange? _storedStatus;
    private readonly RunFeedSignal _signal = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private RunFeed(RunLog? log, long afterStep, IReadOnlyList<MetricPoint> stored, RunStatusChange? storedStatus)
    {
        _log = log;
        _afterStep = afterStep;
        _stored = stored;
        _storedStatus = storedStatus;
    }

    internal static RunFeed Live(RunLog log, long afterStep) => new(log, afterStep, [], null);
    internal static RunFeed Stored(IReadOnlyList<MetricPoint> points, RunStatusChange status) => new(null, 0, points, status);

    // Completes when the run has ended and everything was sent, or when the feed is disposed.
    public Task Completion => _pump;

    internal RunFeed Start(Func<IReadOnlyList<MetricPoint>, Task> onPoints, Func<RunStatusChange, Task> onStatus,
        TimeSpan minInterval, ILogger logger)
    {
        _logger = logger;
        _pump = Task.Run(async () =>
        {
            try
            {
                if (_log is null) await SendStored(onPoints, onStatus);
                else await FollowLive(_log, onPoints, onStatus, minInterval);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                logger.LogWarning(e, "A run feed stopped: its subscriber failed");
            }
        });
        return this;
    }

    private async Task SendStored(Func<IReadOnlyList<MetricPoint>, Task> onPoints, Func<RunStatusChange, Task> onStatus)
    {
        for (int i = 0; i < _stored.Count; i += MaxPointsPerBatch)
        {
            var batch = _stored.Skip(i).Take(MaxPointsPerBatch).ToList();
            await Deliver(() => onPoints(batch));
        }
        await Deliver(() => onStatus(_storedStatus!));
    }

    private async Task FollowLive(RunLog log, Func<IReadOnlyList<MetricPoint>, Task> onPoints,
        Func<RunStatusChange, Task> onStatus, TimeSpan minInterval)
    {
        log.AddSubscriber(_signal);
        try
        {
            int cursor = log.SequenceAfterStep(_afterStep);
            RunStatusChange? sentStatus = null;
            while (!_stop.IsCancellationRequested)
            {
                // Status first: once it reads terminal, every point of the run is already in the log.
                var status = log.Status;
                IReadOnlyList<MetricPoint> batch;
                while ((batch = log.Read(cursor, MaxPointsPerBatch)).Count > 0)
                {
                    await Deliver(() => onPoints(batch));
                    cursor += batch.Count;
                }
                if (status != sentStatus)
                {
                    await Deliver(() => onStatus(status));
                    sentStatus = status;
                }
                if (RunStatus.IsTerminal(status.Status) || status.Status == RunStatus.Interrupted) return;
                await _signal.WaitAsync(_stop.Token);
                await Task.Delay(minInterval, _stop.Token);
            }
        }
        finally
        {
            log.RemoveSubscriber(_signal);
        }
    }

    // A subscriber can fail for a while (a browser reconnecting its circuit): the same batch is sent again,
    // so the cursor never skips points; after about a minute of failures the feed gives up.
    private async Task Deliver(Func<Task> send)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await send();
                return;
            }
            catch (Exception e) when (attempt < MaxDeliveryAttempts && !_stop.IsCancellationRequested)
            {
                _logger.LogDebug(e, "A run feed could not deliver (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * attempt * attempt)), _stop.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _pump; } catch { /* the pump logs its own failures */ }
        _stop.Dispose();
    }
}
