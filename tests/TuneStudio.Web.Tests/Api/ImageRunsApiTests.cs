using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// Image runs through the real studio: an imported Fashion-MNIST slice, the API, the worker, the engine's image recipe.
public sealed class ImageRunsApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _fashionId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        using var form = new MultipartFormDataContent();
        foreach (var fileName in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            var file = new ByteArrayContent(File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", fileName))));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            form.Add(file, "file", fileName);
        }
        form.Add(new StringContent("fashion"), "name");
        form.Add(new StringContent("image-classification"), "task");
        var response = await _studio.Http.PostAsync("/api/datasets", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        _fashionId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_resnet18_run_on_an_image_dataset_completes_with_validation_metrics_and_records_its_augmentation()
    {
        var runId = await _studio.StartRunAsync(new
        {
            datasetId = _fashionId, model = "resnet18", method = "full", imageSize = 32, batchSize = 8, epochs = 1,
            learningRate = 1e-4, headLearningRate = 1e-3,
            augmentation = new { image = new { horizontalFlip = true, maxRotationDegrees = 10.0 } },
        });

        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        var augmentation = run.GetProperty("config").GetProperty("augmentation").GetProperty("image");
        Assert.True(augmentation.GetProperty("horizontalFlip").GetBoolean());
        Assert.Equal(10.0, augmentation.GetProperty("maxRotationDegrees").GetDouble());
        var metrics = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics");
        var keys = metrics.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("key").GetString()).ToHashSet();
        Assert.Contains("train/loss", keys);
        Assert.Contains("val/accuracy", keys);
        Assert.Contains("val/loss", keys);
        Assert.NotEmpty(run.GetProperty("checkpoints").EnumerateArray());
    }

    [Fact]
    public async Task A_text_model_on_an_image_dataset_and_an_image_model_on_a_text_dataset_are_refused_on_model()
    {
        var textOnImages = await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = _fashionId, model = "tiny-transformer", method = "full" });
        var namesId = await _studio.UploadNamesAsync();
        var imagesOnText = await _studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = namesId, model = "resnet18", method = "full" });

        foreach (var (response, model, task) in new[] { (textOnImages, "tiny-transformer", "image-classification"), (imagesOnText, "resnet18", "text-classification") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var error = Assert.Single(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "model");
            Assert.Contains(model, error.GetProperty("message").GetString());
            Assert.Contains(task, error.GetProperty("message").GetString());
        }
        Assert.Empty(await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs") ?? []);
    }

    [Fact]
    public async Task The_model_list_shows_resnet18_with_its_task_and_input_size()
    {
        var models = await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models");

        var resnet = Assert.Single(models!, m => m.GetProperty("id").GetString() == "resnet18");
        Assert.Equal("image-classification", resnet.GetProperty("task").GetString());
        Assert.Equal(224, resnet.GetProperty("imageSize").GetInt32());
        Assert.DoesNotContain("lora", resnet.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task The_augmentation_preview_shows_seeded_copies_of_an_image_and_names_a_bad_option()
    {
        var page = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{_fashionId}/versions/1/rows?skip=0&take=1");
        var hash = page.GetProperty("rows")[0].GetProperty("image").GetProperty("hash").GetString();
        var url = $"/api/datasets/{_fashionId}/images/{hash}/augmentation-preview?horizontalFlip=true&maxRotationDegrees=15&brightness=0.3&seed=7&count=3";

        var first = await _studio.Http.GetFromJsonAsync<JsonElement>(url);
        var again = await _studio.Http.GetFromJsonAsync<JsonElement>(url);
        var images = first.GetProperty("images").EnumerateArray().Select(i => i.GetString()!).ToList();

        Assert.Equal(3, images.Count);
        Assert.All(images, image => Assert.StartsWith("data:image/png;base64,", image));
        Assert.Equal(images, again.GetProperty("images").EnumerateArray().Select(i => i.GetString()!));
        Assert.NotEqual(images[0], images[1]);
        var bad = await _studio.Http.GetAsync($"/api/datasets/{_fashionId}/images/{hash}/augmentation-preview?maxRotationDegrees=90");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("maxRotationDegrees", await bad.Content.ReadAsStringAsync());
        var misspelt = await _studio.Http.GetAsync($"/api/datasets/{_fashionId}/images/{hash}/augmentation-preview?horizontalFlp=true");
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Contains("horizontalFlp", await misspelt.Content.ReadAsStringAsync());
    }
}
