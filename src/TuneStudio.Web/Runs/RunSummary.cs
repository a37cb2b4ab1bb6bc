using TuneStudio.Engine;
using TuneStudio.Engine.Tasks;
using TuneStudio.Storage;

namespace TuneStudio.Web.Runs;

// The latest value of every metric of a run, and the best value so far of each validation metric its task
// declares (lowest or highest, as the task says).
public sealed class RunSummary(IReadOnlyList<TaskMetric> metrics)
{
    private readonly Dictionary<string, double> _latest = new();
    private readonly Dictionary<string, double> _best = new();
    private readonly Dictionary<string, MetricMode> _modes = metrics.ToDictionary(metric => metric.Key, metric => metric.Mode);
    private long _steps;

    public void Observe(string key, long step, double value)
    {
        _latest[key] = value;
        _steps = Math.Max(_steps, step);
        if (!_modes.TryGetValue(key, out var mode) || double.IsNaN(value)) return;
        if (!_best.TryGetValue(key, out var best) || (mode == MetricMode.Max ? value > best : value < best)) _best[key] = value;
    }

    public RunSummary Snapshot()
    {
        var copy = new RunSummary(metrics) { _steps = _steps };
        foreach (var (k, v) in _latest) copy._latest[k] = v;
        foreach (var (k, v) in _best) copy._best[k] = v;
        return copy;
    }

    public void ApplyTo(RunRecord run)
    {
        run.Summary = new Dictionary<string, double>(_latest);
        run.Best = new Dictionary<string, double>(_best);
        run.BestValAccuracy = _best.TryGetValue(ClassificationTaskMetrics.Accuracy, out var accuracy) ? accuracy : null;
        run.BestValMacroF1 = _best.TryGetValue(ClassificationTaskMetrics.MacroF1, out var macroF1) ? macroF1 : null;
        run.Steps = _steps;
    }
}
