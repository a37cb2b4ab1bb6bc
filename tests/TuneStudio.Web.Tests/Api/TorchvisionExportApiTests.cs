using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Storage;
using TuneStudio.Web.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Web.Tests.Api;

// An image run on an imported torchvision ResNet leaves the studio as torchvision's state dict and comes back in.
public sealed class TorchvisionExportApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _fashionId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        using var form = new MultipartFormDataContent();
        foreach (var fileName in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" })
        {
            var file = new ByteArrayContent(File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", fileName))));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            form.Add(file, "file", fileName);
        }
        form.Add(new StringContent("image-classification"), "task");
        var response = await _studio.Http.PostAsync("/api/datasets", form);
        _fashionId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_run_on_an_imported_resnet_exports_as_torchvision_and_reimports_with_identical_backbone_outputs()
    {
        var baseId = await ImportAsync(RandomTorchvisionResNet18(), "resnet18.safetensors", "random ResNet-18");
        var runId = await _studio.StartRunAsync(new { datasetId = _fashionId, model = baseId, method = "full", imageSize = 32, batchSize = 8, epochs = 1, learningRate = 1e-3 });
        var run = await _studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var checkpointId = run.GetProperty("checkpoints")[0].GetProperty("id").GetString()!;
        Assert.Contains("checkpoint-export-torchvision", await _studio.Http.GetStringAsync($"/runs/{runId}"));

        var zip = await _studio.Http.GetByteArrayAsync($"/api/checkpoints/{checkpointId}/export?format=torchvision");

        var config = JsonNode.Parse(Entry(zip, "config.json"))!;
        Assert.Equal("resnet18", config["architecture"]!.GetValue<string>());
        Assert.Equal(18, config["depth"]!.GetValue<int>());
        var checkpoint = _studio.Services.GetRequiredService<RunStore>().GetCheckpoint(checkpointId)!;
        var labels = CheckpointReader.ReadState(checkpoint.Directory).Labels;
        Assert.Equal(labels, Enumerable.Range(0, labels.Count).Select(i => config["id2label"]![i.ToString()]!.GetValue<string>()));
        var reimportedId = await ImportAsync(zip, "export.zip", "fine-tuned ResNet-18");

        using var scope = NewDisposeScope();
        using var trained = _studio.Services.GetRequiredService<ModelCatalog>().FindImageDefinition(baseId)!.CreateModel(labels.Count, pretrained: false);
        CheckpointReader.LoadWeights(trained, checkpoint.Directory);
        using var reimported = _studio.Services.GetRequiredService<ModelCatalog>().FindImageDefinition(reimportedId)!.CreateModel(labels.Count);
        trained.eval();
        reimported.eval();
        using var _ = no_grad();
        manual_seed(3);
        var images = randn(2, 3, 32, 32);
        var expected = trained.Features(images);
        Assert.True(expected.equal(reimported.Features(images)).all().item<bool>(), "re-imported backbone gives other features");
        using var untrained = _studio.Services.GetRequiredService<ModelCatalog>().FindImageDefinition(baseId)!.CreateModel(labels.Count);
        untrained.eval();
        Assert.False(expected.allclose(untrained.Features(images)), "the run did not change the backbone, so the round trip proves nothing");
    }

    [Fact]
    public async Task The_built_in_resnet18_has_no_torchvision_layout_and_its_export_is_refused_naming_format()
    {
        var runId = await _studio.StartRunAsync(new { datasetId = _fashionId, model = "resnet18", method = "headOnly", imageSize = 32, batchSize = 8, epochs = 1 });
        var run = await _studio.WaitUntilEndedAsync(runId);
        var checkpointId = run.GetProperty("checkpoints")[0].GetProperty("id").GetString()!;

        var response = await _studio.Http.GetAsync($"/api/checkpoints/{checkpointId}/export?format=torchvision");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("format", error.GetProperty("field").GetString());
        Assert.Contains("no torchvision layout", error.GetProperty("message").GetString());
        Assert.DoesNotContain("checkpoint-export-torchvision", await _studio.Http.GetStringAsync($"/runs/{runId}"));
    }

    private async Task<string> ImportAsync(byte[] bytes, string fileName, string name)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", fileName);
        form.Add(new StringContent(name), "name");
        var response = await _studio.Http.PostAsync("/api/models", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var stream = archive.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] RandomTorchvisionResNet18()
    {
        using var model = new ResNet(ResNetConfig.TorchvisionResNet18, classCount: 1000);
        var path = Path.Combine(Path.GetTempPath(), $"tunestudio-resnet-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Write(path, model.state_dict());
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
