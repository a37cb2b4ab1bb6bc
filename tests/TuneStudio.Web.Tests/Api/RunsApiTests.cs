using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class RunsApiTests : StudioWithNamesTest
{
    [Theory]
    [InlineData("model", "{\"datasetId\":\"DS\",\"model\":\"no-such-model\"}")]
    [InlineData("learningRate", "{\"datasetId\":\"DS\",\"learningRate\":0}")]
    [InlineData("learningRate", "{\"datasetId\":\"DS\",\"learningRate\":-0.1}")]
    [InlineData("batchSize", "{\"datasetId\":\"DS\",\"batchSize\":0}")]
    [InlineData("datasetId", "{\"datasetId\":\"ds-nope\"}")]
    [InlineData("datasetId", "{}")]
    [InlineData("datasetVersion", "{\"datasetId\":\"DS\",\"datasetVersion\":7}")]
    [InlineData("method", "{\"datasetId\":\"DS\",\"method\":\"dreambooth\"}")]
    [InlineData("lora.rank", "{\"datasetId\":\"DS\",\"method\":\"lora\",\"lora\":{\"rank\":0}}")]
    public async Task Invalid_run_config_is_400_naming_the_field(string field, string json)
    {
        var content = new StringContent(json.Replace("DS", DatasetId), System.Text.Encoding.UTF8, "application/json");

        var response = await Studio.Http.PostAsync("/api/runs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Empty(await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs") ?? []);
    }

    [Fact]
    public async Task Lora_run_completes_with_metrics_in_step_order_and_downloadable_checkpoints()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "lora", epochs = 2, batchSize = 32, learningRate = 0.003 });

        var run = await Studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("lora", run.GetProperty("config").GetProperty("method").GetString());
        Assert.Equal(8, run.GetProperty("config").GetProperty("lora").GetProperty("rank").GetInt32());
        Assert.True(run.GetProperty("bestValAccuracy").GetDouble() > 0);

        var metrics = await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key=train/loss");
        var steps = metrics.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(i => (long)i), steps);
        var later = await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?afterStep=10");
        Assert.All(later.GetProperty("points").EnumerateArray(), p => Assert.True(p.GetProperty("step").GetInt64() > 10));
        Assert.Contains(later.GetProperty("points").EnumerateArray(), p => p.GetProperty("key").GetString() == "val/macro_f1");

        var checkpoints = run.GetProperty("checkpoints").EnumerateArray().ToList();
        Assert.Equal(2, checkpoints.Count);
        var zipBytes = await Studio.Http.GetByteArrayAsync(checkpoints[^1].GetProperty("downloadUrl").GetString());
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        Assert.Contains(zip.Entries, e => e.Name == "model.safetensors" && e.Length > 0);
        Assert.Contains(zip.Entries, e => e.Name == "trainer_state.json");
    }

    [Fact]
    public async Task A_model_that_cannot_train_the_datasets_task_is_refused_naming_the_dataset_and_its_task()
    {
        var upload = await Studio.UploadAsync("tags.csv", System.Text.Encoding.UTF8.GetBytes("text,label\nAnn Bob,a|b\nCy,a\nDi,b\n"),
            fields: new Dictionary<string, string> { ["task"] = "multi-label-classification" });
        var body = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();

        var response = await Studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = id, model = "resnet18" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("model", error.GetProperty("field").GetString());
        Assert.Contains("multi-label-classification", error.GetProperty("message").GetString());
        Assert.Contains(id!, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_split_stored_with_the_version_decides_what_trains_and_its_test_rows_stay_out()
    {
        var split = await Studio.Http.PostAsJsonAsync($"/api/datasets/{DatasetId}/versions",
            new { baseVersion = 1, operation = "split", method = "stratified", validationFraction = 0.25, testFraction = 0.25, seed = 3 });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        int version = (await split.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();

        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, datasetVersion = version, method = "freeze", epochs = 1, batchSize = 40 });
        var run = await Studio.WaitUntilEndedAsync(runId);

        // 800 names: 400 train (10 steps of 40), 200 validation, 200 test held out.
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(10, run.GetProperty("steps").GetInt64());
    }

    [Fact]
    public async Task Diverging_run_fails_with_the_reason_and_theStudio_keeps_serving()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 1, learningRate = 1e30, gradientClipNorm = 0 });

        var run = await Studio.WaitUntilEndedAsync(runId);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Matches("steps in a row had a non-finite loss or gradient \\(last at step \\d+\\)", run.GetProperty("message").GetString());
        var next = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 1 });
        Assert.Equal("completed", (await Studio.WaitUntilEndedAsync(next)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelled_run_ends_cancelled_and_theStudio_keeps_serving()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 200, batchSize = 8 });
        await Studio.WaitForStatusAsync(runId, s => s == "running");

        var cancel = await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Studio.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Queued_run_waits_for_the_one_in_training_and_cancelling_it_means_it_never_starts()
    {
        var first = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 200, batchSize = 8 });
        var second = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "lora", epochs = 1 });
        await Studio.WaitForStatusAsync(first, s => s == "running");
        Assert.Equal("queued", (await Studio.GetRunAsync(second)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await Studio.Http.PostAsync($"/api/runs/{second}/cancel", null)).StatusCode);
        await Studio.Http.PostAsync($"/api/runs/{first}/cancel", null);
        await Studio.WaitUntilEndedAsync(first);

        var run = await Studio.GetRunAsync(second);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("startedAt").ValueKind);
        Assert.Equal(0, run.GetProperty("steps").GetInt64());
    }

    [Fact]
    public async Task Run_that_was_training_when_theStudio_stopped_shows_interrupted_after_restart()
    {
        var dataPath = Studio.DataPath;
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 200, batchSize = 8 });
        await Studio.WaitForStatusAsync(runId, s => s == "running");
        await Studio.StopAsync();

        await using var restarted = await StudioServer.StartAsync(dataPath);
        var run = await restarted.GetRunAsync(runId);

        Assert.Equal("interrupted", run.GetProperty("status").GetString());
        var history = await restarted.Http.GetFromJsonAsync<JsonElement[]>("/api/runs");
        Assert.Contains(history!, r => r.GetProperty("id").GetString() == runId);
    }
}
