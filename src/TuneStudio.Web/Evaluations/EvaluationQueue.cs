using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TuneStudio.Web.Evaluations;

// Evaluation ids waiting for the one evaluation worker, and the cancellation handle of the one it runs.
public sealed class EvaluationQueue
{
    private readonly Channel<string> _waiting = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new();

    // Held while an evaluation leaves "queued" (started by the worker or cancelled by a user), so the two never race.
    public Lock Transitions { get; } = new();

    public void Enqueue(string id) => _waiting.Writer.TryWrite(id);

    public ValueTask<string> DequeueAsync(CancellationToken ct) => _waiting.Reader.ReadAsync(ct);

    public CancellationToken Activate(string id, CancellationToken stopping)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _active[id] = cts;
        return cts.Token;
    }

    public void Deactivate(string id)
    {
        if (_active.TryRemove(id, out var cts)) cts.Dispose();
    }

    public bool TryCancelActive(string id)
    {
        if (!_active.TryGetValue(id, out var cts)) return false;
        try { cts.Cancel(); } catch (ObjectDisposedException) { return false; }
        return true;
    }
}
