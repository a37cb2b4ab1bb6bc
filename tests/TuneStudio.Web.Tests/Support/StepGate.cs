using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Tests.Support;

// Holds a run once it has logged the step named until the test releases it, so the test acts while the run is
// certainly still training, on a slow machine or a fast one.
public sealed class StepGate(long holdAfter) : ITrainingStepHook, IDisposable
{
    private readonly TaskCompletionSource<string> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _open = new(false);

    /// <summary>Completes with the run's id once it is held.</summary>
    public Task<string> Reached => _reached.Task;

    public void Release() => _open.Set();

    public void AfterStep(string runId, long step)
    {
        if (step < holdAfter || _open.IsSet) return;
        _reached.TrySetResult(runId);
        // Bounded, so a test that fails before releasing cannot leave the studio's worker stuck for ever.
        _open.Wait(TimeSpan.FromMinutes(5));
    }

    public void Dispose()
    {
        _open.Set();
        _open.Dispose();
    }
}
