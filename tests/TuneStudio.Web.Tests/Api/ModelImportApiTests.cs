using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Storage.Models;
using TuneStudio.Web.Models;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class ModelImportApiTests : StudioWithNamesTest
{
    [Fact]
    public async Task Imported_hugging_face_encoder_joins_the_catalogue_and_trains()
    {
        var zip = HuggingFaceZip(dropTensor: null);

        var response = await Upload(zip, "my MiniLM");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var models = await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models");
        var imported = Assert.Single(models!, m => m.GetProperty("id").GetString() == id);
        Assert.Equal("my MiniLM", imported.GetProperty("name").GetString());
        Assert.Equal(["text-classification", "token-classification", "multi-label-classification", "sentence-embedding"], imported.GetProperty("tasks").EnumerateArray().Select(t => t.GetString()));

        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, model = id, method = "lora", epochs = 1, maxSequenceLength = 8, batchSize = 32 });
        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_import_joins_only_its_own_studios_catalogue()
    {
        await using var other = await StudioServer.StartAsync();

        var response = await Upload(TorchvisionResNetWeights(dropTensor: null), "only here", "resnet18.safetensors");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Contains(await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models") ?? [], m => m.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(await other.Http.GetFromJsonAsync<JsonElement[]>("/api/models") ?? [], m => m.GetProperty("id").GetString() == id);
        Assert.Null(other.Services.GetRequiredService<ModelCatalog>().Find(id));
        Assert.Null(ModelCatalog.BuiltIn.Find(id));
    }

    [Fact]
    public async Task Checkpoint_missing_a_tensor_is_rejected_naming_it_and_nothing_joins()
    {
        var zip = HuggingFaceZip(dropTensor: "bert.encoder.layer.3.attention.self.value.weight");
        var before = (await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!.Length;

        var response = await Upload(zip, "broken");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("encoder.layer.3.attention.self.value.weight", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!.Length);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_rejected()
    {
        var response = await Upload("not a zip"u8.ToArray(), "junk");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("zip", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Torchvision_resnet_state_dict_joins_the_image_catalogue_and_is_restored_after_a_restart()
    {
        var weights = TorchvisionResNetWeights(dropTensor: null);

        var response = await Upload(weights, "my ResNet-18", "resnet18.safetensors");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("image-classification", created.GetProperty("task").GetString());
        // torchvision's resnet18 (11,689,512) with a two-class head instead of ImageNet's 1000 classes.
        Assert.Equal(11_689_512 - 513_000 + 1_026, created.GetProperty("parameterCount").GetInt64());
        Assert.Contains("ResNet-18", created.GetProperty("description").GetString());

        var dataPath = Studio.DataPath;
        await Studio.StopAsync();
        await using var restarted = await StudioServer.StartAsync(dataPath);
        var record = Assert.Single(restarted.Services.GetRequiredService<ImportedModelStore>().List(), m => m.Id == id);
        Assert.Equal(ModelImports.TorchvisionResNetKind, record.Kind);
        var models = await restarted.Http.GetFromJsonAsync<JsonElement[]>("/api/models");
        Assert.Contains(models!, m => m.GetProperty("id").GetString() == id && m.GetProperty("task").GetString() == "image-classification");
        Assert.NotNull(restarted.Services.GetRequiredService<ModelCatalog>().FindImageDefinition(id));
    }

    [Fact]
    public async Task Resnet_missing_a_tensor_is_rejected_naming_it_and_nothing_joins()
    {
        var zip = Zip(new Dictionary<string, byte[]>
        {
            ["resnet/model.safetensors"] = TorchvisionResNetWeights(dropTensor: "layer2.0.downsample.1.weight"),
            ["resnet/config.json"] = System.Text.Encoding.UTF8.GetBytes("{\"architecture\": \"resnet18\"}"),
        });
        var before = (await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!.Length;

        var response = await Upload(zip, "broken ResNet");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Missing tensor 'layer2.0.downsample.1.weight'", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!.Length);
    }

    [Fact]
    public async Task An_import_is_renamed_warned_about_a_duplicate_name_and_deleted_only_while_no_run_uses_it()
    {
        var weights = TorchvisionResNetWeights(dropTensor: null);
        var builtIn = ModelCatalog.BuiltIn.Find("resnet18")!.Name;
        // Named as the built-in resnet18 is: the import goes through, with a warning naming the other model.
        var first = await Upload(weights, builtIn.ToUpperInvariant(), "a.safetensors");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Contains("resnet18", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings")[0].GetString());
        var second = await Upload(weights, "my resnet", "b.safetensors");
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        var secondId = secondBody.GetProperty("id").GetString()!;
        Assert.False(secondBody.TryGetProperty("warnings", out _));

        var renamed = await Studio.Http.PatchAsJsonAsync($"/api/models/{secondId}", new { name = builtIn });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(builtIn, body.GetProperty("model").GetProperty("name").GetString());
        Assert.Contains("resnet18", body.GetProperty("warning").GetString());
        Assert.Contains(await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models") ?? [], m => m.GetProperty("id").GetString() == secondId && m.GetProperty("name").GetString() == builtIn);
        Assert.Equal(HttpStatusCode.BadRequest, (await Studio.Http.PatchAsJsonAsync($"/api/models/{secondId}", new { name = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Studio.Http.PatchAsJsonAsync("/api/models/resnet18", new { name = "mine" })).StatusCode);

        // A run on an import keeps it, whatever became of the run: deleting names the run.
        var encoder = (await (await Upload(HuggingFaceZip(dropTensor: null), "encoder")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, model = encoder, method = "headOnly", epochs = 50, maxSequenceLength = 8, batchSize = 32 });
        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        await Studio.WaitUntilEndedAsync(runId);
        var refused = await Studio.Http.DeleteAsync($"/api/models/{encoder}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(runId, problem.GetProperty("detail").GetString());
        Assert.Equal([runId], problem.GetProperty("runs").EnumerateArray().Select(r => r.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await Studio.Http.DeleteAsync($"/api/models/{secondId}")).StatusCode);
        Assert.DoesNotContain(await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models") ?? [], m => m.GetProperty("id").GetString() == secondId);
        Assert.Equal(HttpStatusCode.NotFound, (await Studio.Http.GetAsync($"/api/models/{secondId}")).StatusCode);
        Assert.Null(Studio.Services.GetRequiredService<ImportedModelStore>().Get(secondId));
        var audit = Studio.Services.GetRequiredService<TuneStudio.Storage.Audit.AuditLog>().Find(new TuneStudio.Storage.Audit.AuditFilter());
        Assert.Contains(audit, e => e.Action == TuneStudio.Storage.Audit.AuditActions.ModelRenamed && e.Target == secondId && e.Detail == $"my resnet → {builtIn}");
        Assert.Contains(audit, e => e.Action == TuneStudio.Storage.Audit.AuditActions.ModelDeleted && e.Target == secondId);
    }

    private async Task<HttpResponseMessage> Upload(byte[] content, string name, string fileName = "model.zip")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(name), "name");
        return await Studio.Http.PostAsync("/api/models", form);
    }

    // A torchvision resnet18 state dict (random weights, torchvision's names) as safetensors bytes.
    private static byte[] TorchvisionResNetWeights(string? dropTensor)
    {
        using var model = new Engine.Models.ResNet.ResNet(Engine.Models.ResNet.ResNetConfig.TorchvisionResNet18, classCount: 1000);
        var path = Path.Combine(Path.GetTempPath(), $"tunestudio-resnet-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Write(path, model.state_dict().Where(t => t.Key != dropTensor));
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Zip(IReadOnlyDictionary<string, byte[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(bytes);
            }
        return buffer.ToArray();
    }

    // A Hugging Face BertForSequenceClassification folder made from the catalogue's MiniLM, zipped inside a folder.
    private static byte[] HuggingFaceZip(string? dropTensor)
    {
        using var model = (BertTextClassifier)ModelCatalog.BuiltIn.FindDefinition("minilm-l6")!.CreateModel(2);
        var folder = Directory.CreateTempSubdirectory("tunestudio-hf-").FullName;
        try
        {
            Safetensors.Write(Path.Combine(folder, HuggingFaceFiles.Weights), model.state_dict().Where(t => t.Key != dropTensor));
            File.WriteAllText(Path.Combine(folder, HuggingFaceFiles.Config), BertConfig.MiniLmL6.ToJson().ToJsonString());
            File.WriteAllBytes(Path.Combine(folder, HuggingFaceFiles.Vocabulary), MiniLmPackage.ReadVocabulary());
            using var buffer = new MemoryStream();
            using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var file in Directory.GetFiles(folder))
                    archive.CreateEntryFromFile(file, "my-model/" + Path.GetFileName(file), CompressionLevel.NoCompression);
            return buffer.ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
