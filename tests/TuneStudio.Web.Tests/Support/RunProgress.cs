using System.Net.Http.Json;
using System.Text.Json;

namespace TuneStudio.Web.Tests.Support;

// Waiting on a training run from outside, as a script would: by polling the API.
public static class RunProgress
{
    public static async Task<List<long>> LossStepsAsync(this StudioServer studio, string runId, bool includeSuperseded = false, bool superseded = false)
    {
        var metrics = await studio.Http.GetFromJsonAsync<JsonElement>(
            $"/api/runs/{runId}/metrics?key=train/loss{(includeSuperseded ? "&includeSuperseded=true" : "")}");
        return metrics.GetProperty("points").EnumerateArray()
            .Where(p => !includeSuperseded || p.GetProperty("superseded").GetBoolean() == superseded)
            .Select(p => p.GetProperty("step").GetInt64()).ToList();
    }

    // Until the run has a checkpoint and has trained a few steps past it, so stopping it leaves steps to supersede.
    public static async Task<JsonElement> WaitPastFirstCheckpointAsync(this StudioServer studio, string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = await studio.GetRunAsync(runId);
            var checkpoints = run.GetProperty("checkpoints").EnumerateArray().ToList();
            if (checkpoints.Count > 0)
            {
                var lastStep = (await studio.LossStepsAsync(runId)).DefaultIfEmpty(0).Max();
                if (lastStep > checkpoints[^1].GetProperty("step").GetInt64() + 3) return run;
            }
            if (run.GetProperty("status").GetString() is not ("queued" or "running"))
                throw new InvalidOperationException($"Run {runId} ended before it could be stopped: {run}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId} wrote no checkpoint: {run}");
            await Task.Delay(50);
        }
    }

    public static List<long> Range(long from, long to) =>
        Enumerable.Range((int)from, (int)Math.Max(0, to - from + 1)).Select(i => (long)i).ToList();
}
