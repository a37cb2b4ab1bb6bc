using TuneStudio.Storage;

namespace TuneStudio.Web.Runs;

// The latest value of every metric of a run, and the best validation scores so far.
public sealed class RunSummary
{
    private readonly Dictionary<string, double> _latest = new();
    private double? _bestAccuracy, _bestMacroF1;
    private long _steps;

    public void Observe(string key, long step, double value)
    {
        _latest[key] = value;
        _steps = Math.Max(_steps, step);
        if (key == "val/accuracy") _bestAccuracy = Math.Max(_bestAccuracy ?? double.MinValue, value);
        if (key == "val/macro_f1") _bestMacroF1 = Math.Max(_bestMacroF1 ?? double.MinValue, value);
    }

    public RunSummary Snapshot()
    {
        var copy = new RunSummary { _bestAccuracy = _bestAccuracy, _bestMacroF1 = _bestMacroF1, _steps = _steps };
        foreach (var (k, v) in _latest) copy._latest[k] = v;
        return copy;
    }

    public void ApplyTo(RunRecord run)
    {
        run.Summary = new Dictionary<string, double>(_latest);
        run.BestValAccuracy = _bestAccuracy;
        run.BestValMacroF1 = _bestMacroF1;
        run.Steps = _steps;
    }
}
