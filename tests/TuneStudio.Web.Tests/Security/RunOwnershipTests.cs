using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// Engineers change their own runs, admins any; annotators read only the runs on datasets they review.
public sealed class RunOwnershipTests : StudioWithNamesTest
{
    private async Task<(string RunId, string CheckpointId)> CompletedRunWithCheckpointAsync()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 1, batchSize = 64 });
        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        return (runId, run.GetProperty("checkpoints")[0].GetProperty("id").GetString()!);
    }

    private static async Task<string> DetailOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task Another_engineer_may_not_cancel_resume_or_delete_checkpoints_of_my_run_and_an_admin_may()
    {
        var (runId, checkpointId) = await CompletedRunWithCheckpointAsync();
        var queued = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "lora", epochs = 1000 });
        using var other = Studio.ClientAs(Roles.Engineer);
        using var admin = Studio.ClientAs(Roles.Admin);

        var cancel = await other.PostAsync($"/api/runs/{queued}/cancel", null);
        var resume = await other.PostAsync($"/api/runs/{runId}/resume", null);
        var delete = await other.DeleteAsync($"/api/checkpoints/{checkpointId}");

        foreach (var refused in new[] { cancel, resume, delete })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.Contains($"started by {Studio.EngineerName}", await DetailOf(refused));
        }
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/checkpoints/{checkpointId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/runs/{queued}/cancel", null)).StatusCode);
        Assert.Equal("cancelled", (await Studio.WaitUntilEndedAsync(queued)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_annotator_reads_runs_only_on_datasets_they_review()
    {
        var (runId, checkpointId) = await CompletedRunWithCheckpointAsync();
        var annie = "annie-" + Guid.NewGuid().ToString("N")[..6];
        var token = Studio.CreateUserWithToken(Roles.Annotator, annie);
        using var annotator = Studio.ClientWithToken(token);
        string[] reads = [$"/api/runs/{runId}", $"/api/runs/{runId}/metrics", $"/api/checkpoints/{checkpointId}/download", $"/api/checkpoints/{checkpointId}/export"];

        Assert.Empty((await annotator.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray());
        foreach (var path in reads) Assert.Equal(HttpStatusCode.Forbidden, (await annotator.GetAsync(path)).StatusCode);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(Studio.BaseAddress, "/hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        await hub.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", runId, 0L));
        Assert.Contains("not assigned", refused.Message);

        var review = await Studio.Http.PostAsJsonAsync("/api/reviews", new { datasetId = DatasetId, version = 1, annotators = new[] { annie } });
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);

        Assert.Equal(runId, Assert.Single((await annotator.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray()).GetProperty("id").GetString());
        foreach (var path in reads[..3]) Assert.Equal(HttpStatusCode.OK, (await annotator.GetAsync(path)).StatusCode);
        // The tiny model trained from scratch has no export shape, so the export is refused for what it is, not for who asks.
        Assert.Equal(HttpStatusCode.BadRequest, (await annotator.GetAsync(reads[3])).StatusCode);
        await hub.InvokeAsync("Subscribe", runId, 0L);
    }
}

public sealed class QueuedRunQuotaTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _datasetId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync(null, "--TuneStudio:Quotas:QueuedRunsPerUser=2");
        _datasetId = await _studio.UploadNamesAsync();
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_user_with_their_quota_of_runs_waiting_or_training_gets_429_and_others_still_start_runs()
    {
        // 1,000 epochs: neither run can end while the test asks for a third.
        var first = await _studio.StartRunAsync(new { datasetId = _datasetId, method = "lora", epochs = 1000 });
        var second = await _studio.StartRunAsync(new { datasetId = _datasetId, method = "lora", epochs = 1000 });

        var third = await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, method = "lora", epochs = 1 });
        using var other = _studio.ClientAs(Roles.Engineer);
        var othersRun = await other.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, method = "lora", epochs = 1 });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("QueuedRunsPerUser", await third.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, othersRun.StatusCode);
        Assert.Equal(2, (await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs?startedBy={_studio.EngineerName}")).GetArrayLength());

        foreach (var id in new[] { first, second }) await _studio.Http.PostAsync($"/api/runs/{id}/cancel", null);
        await _studio.WaitUntilEndedAsync(second);
        await _studio.WaitUntilEndedAsync(first);
        Assert.Equal(HttpStatusCode.Accepted, (await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, method = "lora", epochs = 1 })).StatusCode);
    }
}
