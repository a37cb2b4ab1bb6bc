using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class CheckpointQuotaTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _datasetId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync(null, "--TuneStudio:Quotas:CheckpointsPerRun=3");
        _datasetId = await _studio.UploadNamesAsync();
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_run_that_asks_to_keep_every_checkpoint_keeps_the_newest_the_studio_allows()
    {
        // One checkpoint per epoch: six written, the three newest kept.
        var runId = await _studio.StartRunAsync(new { datasetId = _datasetId, method = "freeze", epochs = 6, batchSize = 64 });
        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("config").GetProperty("checkpoints").GetProperty("keepLast").GetInt32());
        var epochs = run.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("epoch").GetInt32()).ToList();
        Assert.Equal(3, epochs.Count);
        Assert.Equal(epochs.Max() - 2, epochs.Min());
    }

    [Fact]
    public async Task Asking_to_keep_more_than_the_studio_allows_is_refused_naming_the_field()
    {
        var response = await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, checkpoints = new { keepLast = 4 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("checkpoints.keepLast", error.GetProperty("field").GetString());
        Assert.Contains("CheckpointsPerRun", error.GetProperty("message").GetString());
        Assert.Empty((await _studio.Http.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray());
    }
}
