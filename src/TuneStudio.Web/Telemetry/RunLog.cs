using TuneStudio.Engine;

namespace TuneStudio.Web.Telemetry;

// One run's metric points in arrival order. A point's position (its sequence number) is what a
// subscriber's cursor follows: validation points share the step of the last training step, so a
// cursor on steps alone could skip them.
internal sealed class RunLog
{
    private readonly List<MetricPoint> _points = [];
    private readonly List<RunFeedSignal> _subscribers = [];
    private readonly Lock _lock = new();

    public RunLog(string runId, string status, string? message)
    {
        RunId = runId;
        Status = new RunStatusChange(runId, status, message);
    }

    public string RunId { get; }
    public RunStatusChange Status { get; private set; }
    public DateTime? EndedAt { get; private set; }

    public void Append(IReadOnlyList<MetricPoint> points)
    {
        RunFeedSignal[] toWake;
        lock (_lock)
        {
            _points.AddRange(points);
            toWake = [.. _subscribers];
        }
        foreach (var s in toWake) s.Wake();
    }

    public void SetStatus(RunStatusChange status, bool ended)
    {
        RunFeedSignal[] toWake;
        lock (_lock)
        {
            Status = status;
            if (ended) EndedAt = DateTime.UtcNow;
            toWake = [.. _subscribers];
        }
        foreach (var s in toWake) s.Wake();
    }

    public int Count { get { lock (_lock) return _points.Count; } }

    // First sequence number whose step is greater than afterStep.
    public int SequenceAfterStep(long afterStep)
    {
        lock (_lock)
        {
            int lo = 0, hi = _points.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (_points[mid].Step <= afterStep) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }

    public IReadOnlyList<MetricPoint> Read(int fromSequence, int max)
    {
        lock (_lock)
        {
            int count = Math.Clamp(_points.Count - fromSequence, 0, max);
            return count == 0 ? [] : _points.GetRange(fromSequence, count);
        }
    }

    public IReadOnlyList<MetricPoint> ReadAfterStep(long afterStep, string? key)
    {
        int from = SequenceAfterStep(afterStep);
        lock (_lock)
        {
            var result = new List<MetricPoint>();
            for (int i = from; i < _points.Count; i++)
                if (key is null || _points[i].Key == key) result.Add(_points[i]);
            return result;
        }
    }

    public void AddSubscriber(RunFeedSignal signal) { lock (_lock) _subscribers.Add(signal); }
    public void RemoveSubscriber(RunFeedSignal signal) { lock (_lock) _subscribers.Remove(signal); }
}

public sealed record RunStatusChange(string RunId, string Status, string? Message);
