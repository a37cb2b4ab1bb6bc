using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// MiniLM runs on a small slice of the names (the model is BERT-sized), one epoch, short sequences.
public sealed class CheckpointExportTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _datasetId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        var lines = File.ReadAllLines(RepoFiles.TestData("first-names.csv"));
        var slice = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 5 == 0))) + "\n";
        var response = await _studio.UploadAsync("names-slice.csv", Encoding.UTF8.GetBytes(slice));
        response.EnsureSuccessStatusCode();
        _datasetId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task Full_run_exports_a_hugging_face_model_and_refuses_peft()
    {
        var checkpoint = await TrainMiniLm("full", 5e-5);

        using var zip = await ExportAsync(checkpoint, "format=huggingface");
        Assert.Contains(zip.Entries, e => e.Name == "config.json" && e.Length > 0);
        Assert.Contains(zip.Entries, e => e.Name == "model.safetensors" && e.Length > 0);

        var peft = await _studio.Http.GetAsync($"/api/checkpoints/{checkpoint}/export?format=peft");
        Assert.Equal(HttpStatusCode.BadRequest, peft.StatusCode);
        Assert.Equal("format", (await peft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
        var unknown = await _studio.Http.GetAsync($"/api/checkpoints/{checkpoint}/export?format=onnx");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // Only the export that happened is in the audit trail: weights left the studio once, as a Hugging Face model.
        var admin = _studio.ClientAs(TuneStudio.Web.Security.Roles.Admin);
        var exported = Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/audit?action=checkpoint.exported"))!);
        Assert.Equal(_studio.EngineerName, exported.GetProperty("userName").GetString());
        Assert.EndsWith("as huggingface", exported.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Lora_run_exports_a_peft_adapter()
    {
        var checkpoint = await TrainMiniLm("lora", 2e-3);

        using var zip = await ExportAsync(checkpoint, "format=peft&merged=false");

        Assert.Contains(zip.Entries, e => e.Name == "adapter_config.json" && e.Length > 0);
        Assert.Contains(zip.Entries, e => e.Name == "adapter_model.safetensors" && e.Length > 0);
        Assert.DoesNotContain(zip.Entries, e => e.Name == "model.safetensors");
    }

    [Fact]
    public async Task Dora_run_exports_peft_s_lora_config_with_use_dora()
    {
        var checkpoint = await TrainMiniLm("dora", 2e-3, new { loraPlusLrRatio = 4 });

        using var zip = await ExportAsync(checkpoint, "format=peft");

        var config = ReadJson(zip, "adapter_config.json");
        Assert.Equal("LORA", config.GetProperty("peft_type").GetString());
        Assert.True(config.GetProperty("use_dora").GetBoolean());
        Assert.Contains("lora_magnitude_vector", ReadText(zip, "adapter_model.safetensors"));
    }

    [Fact]
    public async Task Ia3_run_exports_peft_s_ia3_layout()
    {
        var checkpoint = await TrainMiniLm("ia3", 1e-2, ia3: new { targetModules = new[] { "key", "value" }, feedforwardModules = new[] { "output.dense" } });

        using var zip = await ExportAsync(checkpoint, "format=peft");

        var config = ReadJson(zip, "adapter_config.json");
        Assert.Equal("IA3", config.GetProperty("peft_type").GetString());
        Assert.Equal(["output.dense"], config.GetProperty("feedforward_modules").EnumerateArray().Select(name => name.GetString()));
        // The safetensors header names every tensor: PEFT's IA3 vectors.
        Assert.Contains("base_model.model.bert.encoder.layer.0.attention.self.key.ia3_l", ReadText(zip, "adapter_model.safetensors"));
        Assert.DoesNotContain(zip.Entries, e => e.Name == "model.safetensors");
    }

    [Fact]
    public async Task Tiny_transformer_checkpoint_has_no_hugging_face_shape_and_says_so()
    {
        var runId = await _studio.StartRunAsync(new { datasetId = _datasetId, epochs = 1 });
        var run = await _studio.WaitUntilEndedAsync(runId);
        var checkpoint = run.GetProperty("checkpoints").EnumerateArray().Last().GetProperty("id").GetString();

        var response = await _studio.Http.GetAsync($"/api/checkpoints/{checkpoint}/export?format=huggingface");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BERT", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> TrainMiniLm(string method, double learningRate, object? lora = null, object? ia3 = null)
    {
        var runId = await _studio.StartRunAsync(new
        {
            datasetId = _datasetId, model = "minilm-l6", method, learningRate, epochs = 1, batchSize = 32, maxSequenceLength = 16,
            checkpoints = new { keepLast = 1 }, lora = lora ?? new { }, ia3 = ia3 ?? new { },
        });
        var run = await _studio.WaitForStatusAsync(runId, s => s is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(5));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        return run.GetProperty("checkpoints").EnumerateArray().Last().GetProperty("id").GetString()!;
    }

    private static JsonElement ReadJson(ZipArchive zip, string name) => JsonDocument.Parse(ReadText(zip, name)).RootElement.Clone();

    private static string ReadText(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.Entries.Single(e => e.Name == name).Open(), Encoding.Latin1);
        return reader.ReadToEnd();
    }

    private async Task<ZipArchive> ExportAsync(string checkpointId, string query)
    {
        var response = await _studio.Http.GetAsync($"/api/checkpoints/{checkpointId}/export?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }
}
