using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Engine;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
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
        Assert.Contains(models!, m => m.GetProperty("id").GetString() == id && m.GetProperty("name").GetString() == "my MiniLM");

        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, model = id, method = "lora", epochs = 1, maxSequenceLength = 8, batchSize = 32 });
        var run = await Studio.WaitUntilEndedAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
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

    private async Task<HttpResponseMessage> Upload(byte[] zip, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "model.zip");
        form.Add(new StringContent(name), "name");
        return await Studio.Http.PostAsync("/api/models", form);
    }

    // A Hugging Face BertForSequenceClassification folder made from the catalogue's MiniLM, zipped inside a folder.
    private static byte[] HuggingFaceZip(string? dropTensor)
    {
        using var model = (BertTextClassifier)ModelCatalog.FindDefinition("minilm-l6")!.CreateModel(2);
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
