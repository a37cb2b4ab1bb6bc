using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// A named-entity dataset (the CoNLL-2003 sample in tests/data) trains end to end through the API on real Kestrel.
public sealed class TokenClassificationRunApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _datasetId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        var upload = await _studio.UploadAsync("conll-sample.conll", File.ReadAllBytes(RepoFiles.TestData("conll-sample.conll")), "NER sample",
            new Dictionary<string, string> { ["task"] = "token-classification" });
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        _datasetId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task Token_classification_run_completes_with_entity_f1_among_its_metrics()
    {
        var runId = await _studio.StartRunAsync(new
        {
            datasetId = _datasetId, model = "minilm-l6", method = "lora", epochs = 2, batchSize = 4, learningRate = 0.003,
            maxSequenceLength = 32, earlyStopping = new { enabled = true, metric = "val/entity_f1", mode = "max", patience = 5 },
        });

        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Contains("entity F1", run.GetProperty("message").GetString());
        var f1 = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key=val/entity_f1");
        Assert.Equal(2, f1.GetProperty("points").GetArrayLength());
        Assert.All(f1.GetProperty("points").EnumerateArray(), point => Assert.InRange(point.GetProperty("value").GetDouble(), 0, 1));
        var recall = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key=val/entity_recall");
        Assert.Equal(2, recall.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task A_model_that_cannot_tag_tokens_is_refused_for_a_named_entity_dataset()
    {
        var response = await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, model = "tiny-transformer", method = "full", epochs = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("cannot tag tokens", body);
        Assert.Contains("model", body);
    }
}
