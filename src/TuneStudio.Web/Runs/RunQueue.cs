using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TuneStudio.Web.Runs;

// Run ids waiting for the one training worker, and the cancellation handle of each run it has started.
public sealed class RunQueue
{
    private readonly Channel<string> _waiting = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new();

    // Held while a run moves out of "queued" (started by the worker or cancelled by a user), so the two never race.
    public Lock Transitions { get; } = new();

    public void Enqueue(string runId) => _waiting.Writer.TryWrite(runId);

    public ValueTask<string> DequeueAsync(CancellationToken ct) => _waiting.Reader.ReadAsync(ct);

    public CancellationToken Activate(string runId, CancellationToken stopping)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _active[runId] = cts;
        return cts.Token;
    }

    public void Deactivate(string runId)
    {
        if (_active.TryRemove(runId, out var cts)) cts.Dispose();
    }

    public bool TryCancelActive(string runId)
    {
        if (!_active.TryGetValue(runId, out var cts)) return false;
        try { cts.Cancel(); } catch (ObjectDisposedException) { return false; }
        return true;
    }
}
