using System.Threading.Channels;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Telemetry;

// Writes what training produces (metric points, checkpoints, run summaries) to LiteDB in batches, on
// its own task, so the training thread never waits for the database.
public sealed class RunJournal(MetricStore metrics, RunStore runs, ILogger<RunJournal> logger) : BackgroundService
{
    private const int MaxEntriesPerBatch = 20_000;

    private abstract record Entry;
    private sealed record MetricsEntry(string RunId, IReadOnlyList<MetricPoint> Points) : Entry;
    private sealed record CheckpointEntry(CheckpointRecord Checkpoint) : Entry;
    private sealed record SummaryEntry(string RunId, RunSummary Summary) : Entry;
    private sealed record FlushEntry(TaskCompletionSource Done) : Entry;

    private readonly Channel<Entry> _entries = Channel.CreateUnbounded<Entry>(new() { SingleReader = true });

    public void Metrics(string runId, IReadOnlyList<MetricPoint> points) => _entries.Writer.TryWrite(new MetricsEntry(runId, points));
    public void Checkpoint(CheckpointRecord checkpoint) => _entries.Writer.TryWrite(new CheckpointEntry(checkpoint));
    public void Summary(string runId, RunSummary summary) => _entries.Writer.TryWrite(new SummaryEntry(runId, summary));

    // Completes once everything queued before the call is in LiteDB.
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_entries.Writer.TryWrite(new FlushEntry(done))) done.TrySetResult();
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Entry>();
        try
        {
            while (await _entries.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxEntriesPerBatch && _entries.Reader.TryRead(out var entry)) batch.Add(entry);
                Write(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            // The host is stopping: what the last steps produced still belongs in the run's history.
            while (_entries.Reader.TryRead(out var entry)) batch.Add(entry);
            Write(batch);
        }
    }

    private void Write(List<Entry> batch)
    {
        try
        {
            foreach (var group in batch.OfType<MetricsEntry>().GroupBy(e => e.RunId))
                metrics.Append(group.Key, group.SelectMany(e => e.Points)
                    .Select(p => new MetricRow(p.Step, p.Key, p.Value, p.Time.UtcDateTime)).ToList());
            foreach (var c in batch.OfType<CheckpointEntry>()) runs.AddCheckpoint(c.Checkpoint);
            // The engine's keep-last/keep-best retention deletes folders before it reports the new checkpoint; their
            // records go with them, so no page lists a checkpoint that cannot be downloaded.
            foreach (var runId in batch.OfType<CheckpointEntry>().Select(c => c.Checkpoint.RunId).Distinct())
                foreach (var gone in runs.GetCheckpoints(runId).Where(c => !Directory.Exists(c.Directory)))
                    runs.DeleteCheckpoint(gone.Id);
            foreach (var s in batch.OfType<SummaryEntry>().GroupBy(e => e.RunId).Select(g => g.Last()))
                runs.Update(s.RunId, run => s.Summary.ApplyTo(run));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not write {Count} journal entries to the database", batch.Count);
        }
        finally
        {
            foreach (var f in batch.OfType<FlushEntry>()) f.Done.TrySetResult();
        }
    }
}
