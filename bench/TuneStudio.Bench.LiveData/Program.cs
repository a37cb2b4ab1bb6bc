// Does watching a run slow it down? Trains the same job with no observer work, then through the studio's
// live-data path (RunObserver -> RunTelemetry + RunJournal -> LiteDB) with many subscribers, half of them
// stalled; interleaved rounds, medians, and the ratio of samples per second. Results go to docs/benchmarks.md.
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Telemetry;

const int Rounds = 5, Subscribers = 20;
var root = FindRoot();
var examples = File.ReadLines(Path.Combine(root, "tests", "data", "first-names.csv")).Skip(1)
    .Select(line => line.Split(','))
    .Select(f => new TextExample(f[0], f[1] == "female" ? 0 : 1))
    .ToList();
var config = new TrainingConfig { Method = FineTuneMethod.Full, Epochs = 2, BatchSize = 8, ValidationFraction = 0.1 };
TorchRuntime.Configure();

var baseline = new List<double>();
var watched = new List<double>();
for (int round = 0; round < Rounds; round++)
{
    baseline.Add(Train(new SilentObserver()));
    watched.Add(await TrainWatched());
}

double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
Console.WriteLine($"steps per run: {examples.Count * 0.9 / config.BatchSize * config.Epochs:0}, rounds: {Rounds}, subscribers: {Subscribers} (half stalled)");
Console.WriteLine($"baseline samples/s (median): {Median(baseline):0}");
Console.WriteLine($"watched  samples/s (median): {Median(watched):0}");
Console.WriteLine($"ratio watched/baseline: {Median(watched) / Median(baseline):0.000}");

// The training thread's side of the live path alone: 20,000 appends with nobody watching, then with a stalled and a
// healthy subscriber (the promise RunTelemetryTests checks by behaviour: the stalled one never holds appends back).
var quietAppends = new List<double>();
var watchedAppends = new List<double>();
for (int round = 0; round < Rounds; round++)
{
    quietAppends.Add(await AppendMilliseconds(subscribed: false));
    watchedAppends.Add(await AppendMilliseconds(subscribed: true));
}
Console.WriteLine($"20,000 appends, ms (median): alone {Median(quietAppends):0.0}, with a stalled and a healthy subscriber {Median(watchedAppends):0.0}, ratio {Median(watchedAppends) / Median(quietAppends):0.00}");

double Train(ITrainingObserver observer)
{
    var dir = Path.Combine(Path.GetTempPath(), "tunestudio-bench-" + Guid.NewGuid().ToString("N"));
    var clock = Stopwatch.StartNew();
    var result = TextClassificationTrainer.Run(new TrainingJob(config, examples, ["female", "male"], dir), observer, CancellationToken.None);
    var seconds = clock.Elapsed.TotalSeconds;
    Directory.Delete(dir, recursive: true);
    if (result.Outcome != TrainingOutcome.Completed) throw new InvalidOperationException(result.FailureReason);
    return result.Steps * config.BatchSize / seconds;
}

async Task<double> TrainWatched()
{
    var dataPath = Path.Combine(Path.GetTempPath(), "tunestudio-bench-db-" + Guid.NewGuid().ToString("N"));
    using var db = new StudioDatabase(dataPath);
    var runs = new RunStore(db);
    var metrics = new MetricStore(db);
    var telemetry = new RunTelemetry(metrics, runs, Options.Create(new StudioOptions()), NullLoggerFactory.Instance);
    var journal = new RunJournal(metrics, runs, NullLogger<RunJournal>.Instance);
    await journal.StartAsync(CancellationToken.None);
    var run = runs.Create(new RunRecord { Status = RunStatus.Running, ConfigJson = "{}" });
    telemetry.BeginRun(run.Id);

    var stalled = new TaskCompletionSource();
    var feeds = Enumerable.Range(0, Subscribers).Select(i => telemetry.Subscribe(run.Id, 0,
        i % 2 == 0 ? _ => stalled.Task : _ => Task.CompletedTask, _ => Task.CompletedTask)).ToList();

    double samplesPerSecond = Train(new RunObserver(run.Id, telemetry, journal, TaskRegistry.BuiltIn.Get(TaskNames.TextClassification).Description.Metrics));

    await journal.FlushAsync();
    telemetry.SetStatus(run.Id, RunStatus.Completed, null);
    stalled.SetResult();
    foreach (var feed in feeds) await feed.DisposeAsync();
    await journal.StopAsync(CancellationToken.None);
    db.Dispose();
    Directory.Delete(dataPath, recursive: true);
    return samplesPerSecond;
}

async Task<double> AppendMilliseconds(bool subscribed)
{
    var dataPath = Path.Combine(Path.GetTempPath(), "tunestudio-bench-db-" + Guid.NewGuid().ToString("N"));
    using var db = new StudioDatabase(dataPath);
    var runs = new RunStore(db);
    var telemetry = new RunTelemetry(new MetricStore(db), runs, Options.Create(new StudioOptions()), NullLoggerFactory.Instance);
    var run = runs.Create(new RunRecord { Status = RunStatus.Running, ConfigJson = "{}" });
    telemetry.BeginRun(run.Id);
    var stalled = new TaskCompletionSource();
    var feeds = subscribed
        ? new[] { telemetry.Subscribe(run.Id, 0, _ => stalled.Task, _ => Task.CompletedTask), telemetry.Subscribe(run.Id, 0, _ => Task.CompletedTask, _ => Task.CompletedTask) }
        : [];
    var clock = Stopwatch.StartNew();
    for (int step = 1; step <= 20_000; step++)
        telemetry.Append(run.Id, [new MetricPoint(step, "train/loss", 1.0 / step, DateTimeOffset.UtcNow)]);
    var milliseconds = clock.Elapsed.TotalMilliseconds;
    telemetry.SetStatus(run.Id, RunStatus.Completed, null);
    stalled.SetResult();
    foreach (var feed in feeds) await feed.DisposeAsync();
    db.Dispose();
    Directory.Delete(dataPath, recursive: true);
    return milliseconds;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "TuneStudio.sln"))) return dir.FullName;
    throw new InvalidOperationException("TuneStudio.sln not found");
}

sealed class SilentObserver : ITrainingObserver
{
    public void OnMetrics(IReadOnlyList<MetricPoint> points) { }
    public void OnCheckpoint(CheckpointInfo checkpoint) { }
    public void OnMessage(string message) { }
}
