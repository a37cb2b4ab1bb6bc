using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// The two tasks added as plug-ins train stored datasets of their kinds end to end through the API on real Kestrel:
// multi-label classification (classes joined by '|') and sentence embeddings (source/target pairs).
public sealed class NewTaskRunApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync();

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task The_catalogue_lists_both_tasks_for_the_models_that_train_them()
    {
        var models = (await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!;
        string[] Tasks(string id) => models.Single(m => m.GetProperty("id").GetString() == id).GetProperty("tasks").EnumerateArray().Select(t => t.GetString()!).ToArray();

        Assert.Equal(["text-classification", "token-classification", "multi-label-classification", "sentence-embedding"], Tasks("minilm-l6"));
        Assert.Equal(["text-classification", "multi-label-classification"], Tasks("tiny-transformer"));
        Assert.Equal(["image-classification"], Tasks("resnet18"));
    }

    [Fact]
    public async Task A_multi_label_dataset_trains_reports_its_metrics_and_exports_as_a_multi_label_classifier()
    {
        var datasetId = await UploadAsync("names-multi.csv", MultiLabelNames(), "multi-label-classification");

        var runId = await _studio.StartRunAsync(new { datasetId, model = "tiny-transformer", epochs = 3, batchSize = 32, learningRate = 0.003 });
        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("multi-label-classification", run.GetProperty("task").GetString());
        Assert.Contains("micro-F1", run.GetProperty("message").GetString());
        foreach (var key in new[] { "val/micro_f1", "val/macro_f1", "val/subset_accuracy", "val/hamming_loss" })
        {
            var metric = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key={key}");
            Assert.Equal(3, metric.GetProperty("points").GetArrayLength());
        }
        var best = run.GetProperty("best");
        Assert.InRange(best.GetProperty("val/micro_f1").GetDouble(), 0, 1);

        var checkpoint = run.GetProperty("checkpoints").EnumerateArray().Last().GetProperty("id").GetString();
        var refused = await _studio.Http.GetAsync($"/api/checkpoints/{checkpoint}/export?format=peft");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("huggingface", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_minilm_multi_label_run_exports_problem_type_multi_label()
    {
        var datasetId = await UploadAsync("names-multi.csv", MultiLabelNames(), "multi-label-classification");
        var runId = await _studio.StartRunAsync(new { datasetId, model = "minilm-l6", method = "lora", epochs = 1, batchSize = 32, maxSequenceLength = 8 });
        var run = await _studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var checkpoint = run.GetProperty("checkpoints").EnumerateArray().Last().GetProperty("id").GetString();

        using var zip = await ExportAsync(checkpoint!, "huggingface");

        var config = JsonNode.Parse(Read(zip, "config.json"))!;
        Assert.Equal("multi_label_classification", config["problem_type"]!.GetValue<string>());
        Assert.Equal(["female", "male", "short", "vowel"], config["label2id"]!.AsObject().Select(p => p.Key).Order().ToArray());
    }

    [Fact]
    public async Task A_sentence_pair_dataset_fine_tunes_embeddings_and_exports_a_sentence_transformers_folder()
    {
        var datasetId = await UploadAsync("wordnet-gloss-pairs.tsv", File.ReadAllBytes(RepoFiles.TestData("wordnet-gloss-pairs.tsv")), "sentence-pairs");

        var tiny = await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId, model = "tiny-transformer", epochs = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, tiny.StatusCode);
        Assert.Contains("no sentence encoder", await tiny.Content.ReadAsStringAsync());

        var runId = await _studio.StartRunAsync(new { datasetId, model = "minilm-l6", method = "lora", epochs = 1, batchSize = 16, maxSequenceLength = 24, learningRate = 0.002 });
        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Contains("MRR", run.GetProperty("message").GetString());
        var mrr = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key=val/mrr");
        Assert.InRange(Assert.Single(mrr.GetProperty("points").EnumerateArray()).GetProperty("value").GetDouble(), 0.01, 1);
        var checkpoint = run.GetProperty("checkpoints").EnumerateArray().Last().GetProperty("id").GetString();
        using var zip = await ExportAsync(checkpoint!, "sentence-transformers");
        var modules = JsonNode.Parse(Read(zip, "modules.json"))!.AsArray();
        Assert.Equal("sentence_transformers.models.Pooling", modules[1]!["type"]!.GetValue<string>());
        Assert.Contains(zip.Entries, entry => entry.FullName.EndsWith("model.safetensors", StringComparison.Ordinal));
    }

    // The first names with derived classes: the gender, "vowel" when the name ends in one, "short" for four letters or fewer.
    private static byte[] MultiLabelNames()
    {
        var lines = File.ReadAllLines(RepoFiles.TestData("first-names.csv")).Skip(1).Select(line => line.Split(',')).Select(cells =>
        {
            var name = cells[0];
            var classes = new List<string> { cells[1] };
            if ("aeiouy".Contains(char.ToLowerInvariant(name[^1]))) classes.Add("vowel");
            if (name.Length <= 4) classes.Add("short");
            return $"{name},{string.Join('|', classes)}";
        });
        return Encoding.UTF8.GetBytes("text,label\n" + string.Join('\n', lines) + "\n");
    }

    private async Task<string> UploadAsync(string fileName, byte[] content, string task)
    {
        var upload = await _studio.UploadAsync(fileName, content, fileName, new Dictionary<string, string> { ["task"] = task });
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<ZipArchive> ExportAsync(string checkpointId, string format)
    {
        var response = await _studio.Http.GetAsync($"/api/checkpoints/{checkpointId}/export?format={format}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.Entries.Single(entry => entry.FullName == name).Open());
        return reader.ReadToEnd();
    }
}
