namespace TuneStudio.Web.Telemetry;

// An auto-reset wake-up that never blocks the caller: many wakes before a wait collapse into one.
internal sealed class RunFeedSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        try { if (_semaphore.CurrentCount == 0) _semaphore.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task WaitAsync(CancellationToken ct) => _semaphore.WaitAsync(ct);
}
