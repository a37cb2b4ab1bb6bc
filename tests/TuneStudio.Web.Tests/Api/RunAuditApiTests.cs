using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// A run's end and weights leaving the studio are in the audit trail, with the run as the target.
public sealed class RunAuditApiTests : StudioWithNamesTest
{
    [Fact]
    public async Task A_completed_run_and_a_checkpoint_download_are_audited_and_a_missing_checkpoint_is_not()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 1, batchSize = 40 });
        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var checkpoint = run.GetProperty("checkpoints")[0];

        var download = await Studio.Http.GetAsync(checkpoint.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Studio.Http.GetAsync("/api/checkpoints/no-such-checkpoint/download")).StatusCode);

        var completed = Assert.Single(await AuditAsync("run.completed"));
        Assert.Equal(runId, completed.GetProperty("target").GetString());
        Assert.Equal("(studio)", completed.GetProperty("userName").GetString());
        Assert.Contains($"after {run.GetProperty("steps").GetInt64():N0} steps", completed.GetProperty("detail").GetString());
        var downloaded = Assert.Single(await AuditAsync("checkpoint.downloaded"));
        Assert.Equal(runId, downloaded.GetProperty("target").GetString());
        Assert.Equal(Studio.EngineerName, downloaded.GetProperty("userName").GetString());
        Assert.Contains(checkpoint.GetProperty("name").GetString()!, downloaded.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_failed_run_and_a_cancelled_run_are_audited_with_how_they_ended()
    {
        var diverging = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 1, learningRate = 1e30, gradientClipNorm = 0 });
        Assert.Equal("failed", (await Studio.WaitUntilEndedAsync(diverging)).GetProperty("status").GetString());
        var cancelled = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 200, batchSize = 8 });
        await Studio.WaitForStatusAsync(cancelled, s => s == "running");
        await Studio.Http.PostAsync($"/api/runs/{cancelled}/cancel", null);
        Assert.Equal("cancelled", (await Studio.WaitUntilEndedAsync(cancelled)).GetProperty("status").GetString());

        var failed = Assert.Single(await AuditAsync("run.failed"));
        Assert.Equal(diverging, failed.GetProperty("target").GetString());
        Assert.Contains("non-finite loss", failed.GetProperty("detail").GetString());
        var stopped = Assert.Single(await AuditAsync("run.stopped"));
        Assert.Equal(cancelled, stopped.GetProperty("target").GetString());
        Assert.StartsWith("cancelled after", stopped.GetProperty("detail").GetString());
        Assert.Empty(await AuditAsync("run.completed"));
    }

    private async Task<JsonElement[]> AuditAsync(string action) =>
        (await Studio.ClientAs(Roles.Admin).GetFromJsonAsync<JsonElement[]>($"/api/audit?action={action}"))!;
}
