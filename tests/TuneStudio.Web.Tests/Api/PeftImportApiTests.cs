using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Storage.Models;
using TuneStudio.Web.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Web.Tests.Api;

// The studio's own PEFT export imports back on the Models page: merged into its base (MiniLM), it becomes a
// foundation that trains, linked to the run it came from. MiniLM on a small slice, one epoch, short sequences.
public sealed class PeftImportApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _datasetId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        var lines = File.ReadAllLines(RepoFiles.TestData("first-names.csv"));
        var slice = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 10 == 0))) + "\n";
        var response = await _studio.UploadAsync("names-slice.csv", Encoding.UTF8.GetBytes(slice));
        response.EnsureSuccessStatusCode();
        _datasetId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_peft_export_imports_onto_its_base_as_the_merged_encoder_and_trains()
    {
        var (runId, checkpoint) = await Train(new { datasetId = _datasetId, model = "minilm-l6", method = "lora", learningRate = 2e-3, epochs = 1, batchSize = 32, maxSequenceLength = 16, checkpoints = new { keepLast = 1 } });
        var peft = await Export(checkpoint, "format=peft&merged=false");
        var merged = await Export(checkpoint, "format=huggingface&merged=true");

        var response = await Upload(peft, "names LoRA");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var detail = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/models/{id}");
        Assert.Equal("names LoRA", detail.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(runId, detail.GetProperty("imported").GetProperty("fromRun").GetString());
        Assert.Equal(checkpoint, detail.GetProperty("imported").GetProperty("fromCheckpoint").GetString());
        Assert.Contains("text-classification", detail.GetProperty("model").GetProperty("tasks").EnumerateArray().Select(t => t.GetString()));

        // The imported encoder is the run's merged encoder: the studio's merged Hugging Face export of the same checkpoint
        // holds the same weights (the adapted query, and an untouched key).
        var folder = _studio.Services.GetRequiredService<ImportedModelStore>().Get(id)!.Folder;
        using (var imported = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)))
        using (var expected = ReadWeights(merged))
        {
            foreach (var name in new[] { "bert.encoder.layer.0.attention.self.query.weight", "bert.encoder.layer.5.attention.self.key.weight" })
                Assert.True(imported.Tensors[name].allclose(expected.Tensors[name], rtol: 0, atol: 1e-6), name);
            // LoRA did change the query: the import is not the plain MiniLM.
            using var miniLm = ModelCatalogOfStudio().FindDefinition("minilm-l6")!.CreateModel(2);
            var original = miniLm.state_dict()["bert.encoder.layer.0.attention.self.query.weight"];
            Assert.False(imported.Tensors["bert.encoder.layer.0.attention.self.query.weight"].allclose(original, rtol: 0, atol: 1e-7));
        }

        var (onImport, _) = await Train(new { datasetId = _datasetId, model = id, method = "headOnly", learningRate = 1e-2, epochs = 1, batchSize = 32, maxSequenceLength = 16 });
        Assert.Equal(id, (await _studio.GetRunAsync(onImport)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task An_adapter_over_a_base_this_studio_lacks_is_refused_naming_the_export_to_use()
    {
        var (_, checkpoint) = await Train(new { datasetId = _datasetId, model = "minilm-l6", method = "lora", learningRate = 2e-3, epochs = 1, batchSize = 32, maxSequenceLength = 16, checkpoints = new { keepLast = 1 } });
        var peft = await Export(checkpoint, "format=peft&merged=false");
        var before = (await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!.Length;

        var response = await Upload(RewriteAdapterConfig(peft, config =>
        {
            config[PeftFoundation.BaseModelKey] = "hf-gone";
            config["base_model_name_or_path"] = "someone/elses-bert";
        }), "orphan");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("'hf-gone'", body);
        Assert.Contains("export the run as huggingface", body);
        Assert.Equal(before, (await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!.Length);
    }

    private Engine.ModelCatalog ModelCatalogOfStudio() => _studio.Services.GetRequiredService<Engine.ModelCatalog>();

    private async Task<(string Run, string Checkpoint)> Train(object request)
    {
        var runId = await _studio.StartRunAsync(request);
        var run = await _studio.WaitForStatusAsync(runId, s => s is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(5));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        return (runId, run.GetProperty("checkpoints").EnumerateArray().Last().GetProperty("id").GetString()!);
    }

    private async Task<byte[]> Export(string checkpoint, string query)
    {
        var response = await _studio.Http.GetAsync($"/api/checkpoints/{checkpoint}/export?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<HttpResponseMessage> Upload(byte[] zip, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "export.zip");
        form.Add(new StringContent(name), "name");
        return await _studio.Http.PostAsync("/api/models", form);
    }

    private static SafetensorsFile ReadWeights(byte[] zip)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tunestudio-merged-{Guid.NewGuid():N}.safetensors");
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            archive.Entries.Single(e => e.Name == HuggingFaceFiles.Weights).ExtractToFile(path);
        return Safetensors.Read(path);
    }

    private static byte[] RewriteAdapterConfig(byte[] zip, Action<JsonObject> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip)))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in source.Entries)
            {
                using var reader = entry.Open();
                using var copy = new MemoryStream();
                reader.CopyTo(copy);
                var bytes = copy.ToArray();
                if (entry.Name == HuggingFaceFiles.AdapterConfig)
                {
                    var config = JsonNode.Parse(bytes)!.AsObject();
                    change(config);
                    bytes = Encoding.UTF8.GetBytes(config.ToJsonString());
                }
                using var writer = target.CreateEntry(entry.FullName).Open();
                writer.Write(bytes);
            }
        return output.ToArray();
    }
}
