using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Telemetry;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Telemetry;

// The live store with its real LiteDB stores; the intervals are shortened, never the behaviour.
public sealed class RunTelemetryTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "tunestudio-telemetry-" + Guid.NewGuid().ToString("N"));
    private readonly StudioDatabase _db;
    private readonly RunStore _runs;
    private readonly RunTelemetry _telemetry;

    public RunTelemetryTests()
    {
        _db = new StudioDatabase(_dataPath);
        _runs = new RunStore(_db);
        _telemetry = new RunTelemetry(new MetricStore(_db), _runs, Options.Create(new StudioOptions { LiveUpdateIntervalMs = 10 }), NullLoggerFactory.Instance);
    }

    public void Dispose()
    {
        _db.Dispose();
        StudioServer.TryDelete(_dataPath);
    }

    [Fact]
    public async Task A_stalled_subscriber_never_slows_the_training_thread_nor_the_other_subscribers()
    {
        var runId = StartRun();
        var stalled = new TaskCompletionSource();
        await using var stuck = _telemetry.Subscribe(runId, 0, _ => stalled.Task, _ => Task.CompletedTask);
        var received = new ConcurrentQueue<long>();
        await using var healthy = _telemetry.Subscribe(runId, 0, points => { foreach (var p in points) received.Enqueue(p.Step); return Task.CompletedTask; }, _ => Task.CompletedTask);

        // How fast appends go is a benchmark (bench/TuneStudio.Bench.LiveData); here: they all complete while one
        // subscriber never returns, and the other still receives every step.
        for (int step = 1; step <= 20_000; step++) _telemetry.Append(runId, [Point(step)]);
        _telemetry.SetStatus(runId, RunStatus.Completed, null);
        await healthy.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(1, 20_000).Select(i => (long)i), received);
        Assert.False(stuck.Completion.IsCompleted);
        stalled.SetResult();
    }

    [Fact]
    public async Task Validation_points_that_share_a_step_with_training_points_are_not_skipped()
    {
        var runId = StartRun();
        var keys = new ConcurrentQueue<string>();
        await using var feed = _telemetry.Subscribe(runId, 0, points => { foreach (var p in points) keys.Enqueue($"{p.Step}:{p.Key}"); return Task.CompletedTask; }, _ => Task.CompletedTask);

        _telemetry.Append(runId, [Point(1), Point(2)]);
        await Task.Delay(100);
        _telemetry.Append(runId, [new MetricPoint(2, "val/accuracy", 0.9, DateTimeOffset.UtcNow)]);
        _telemetry.SetStatus(runId, RunStatus.Completed, null);
        await feed.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["1:train/loss", "2:train/loss", "2:val/accuracy"], keys);
    }

    [Fact]
    public async Task A_failing_subscriber_gets_the_same_batch_again_and_loses_nothing()
    {
        var runId = StartRun();
        int failures = 2;
        var received = new ConcurrentQueue<long>();
        await using var feed = _telemetry.Subscribe(runId, 0, points =>
        {
            if (Interlocked.Decrement(ref failures) >= 0) throw new IOException("browser reconnecting");
            foreach (var p in points) received.Enqueue(p.Step);
            return Task.CompletedTask;
        }, _ => Task.CompletedTask);

        for (int step = 1; step <= 50; step++) _telemetry.Append(runId, [Point(step)]);
        _telemetry.SetStatus(runId, RunStatus.Completed, null);
        await feed.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), received);
    }

    private string StartRun()
    {
        var run = _runs.Create(new RunRecord { Status = RunStatus.Running, ConfigJson = "{}" });
        _telemetry.BeginRun(run.Id);
        return run.Id;
    }

    private static MetricPoint Point(long step) => new(step, "train/loss", 1.0 / step, DateTimeOffset.UtcNow);
}
