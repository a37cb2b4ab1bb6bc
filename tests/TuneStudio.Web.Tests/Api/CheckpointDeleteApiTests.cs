using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class CheckpointDeleteApiTests : StudioWithNamesTest
{
    [Fact]
    public async Task Deleting_a_checkpoint_of_an_ended_run_removes_its_record_files_and_is_audited()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 5, batchSize = 8, checkpoints = new { everySteps = 20 } });
        var firstId = (await Studio.WaitPastFirstCheckpointAsync(runId)).GetProperty("checkpoints")[0].GetProperty("id").GetString()!;

        var whileRunning = await Studio.Http.DeleteAsync($"/api/checkpoints/{firstId}");
        Assert.Equal(HttpStatusCode.Conflict, whileRunning.StatusCode);
        Assert.Contains("once it has ended", await whileRunning.Content.ReadAsStringAsync());

        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        await Studio.WaitUntilEndedAsync(runId);
        var directory = Studio.Services.GetRequiredService<RunStore>().GetCheckpoint(firstId)!.Directory;
        Assert.True(Directory.Exists(directory));

        Assert.Equal(HttpStatusCode.NoContent, (await Studio.Http.DeleteAsync($"/api/checkpoints/{firstId}")).StatusCode);

        var remaining = (await Studio.GetRunAsync(runId)).GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(firstId, remaining);
        Assert.False(Directory.Exists(directory));
        Assert.Equal(HttpStatusCode.NotFound, (await Studio.Http.DeleteAsync($"/api/checkpoints/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Studio.Http.PostAsJsonAsync($"/api/runs/{runId}/resume", new { checkpointId = firstId })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Studio.Http.GetAsync($"/api/checkpoints/{firstId}/download")).StatusCode);

        var admin = Studio.ClientAs(TuneStudio.Web.Security.Roles.Admin);
        var audit = await admin.GetFromJsonAsync<JsonElement[]>("/api/audit?action=checkpoint.deleted");
        var entry = Assert.Single(audit!);
        Assert.Equal(runId, entry.GetProperty("target").GetString());
        Assert.Equal(Studio.EngineerName, entry.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task A_completed_run_is_not_resumed_but_can_be_forked()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 1, batchSize = 16 });
        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());

        var resume = await Studio.Http.PostAsync($"/api/runs/{runId}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains("fork a new run", await resume.Content.ReadAsStringAsync());
    }
}
