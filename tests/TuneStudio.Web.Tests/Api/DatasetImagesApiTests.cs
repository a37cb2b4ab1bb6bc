using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StbImageSharp;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class DatasetImagesApiTests : IAsyncLifetime
{
    private static readonly string[] SliceFiles =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync();
    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private async Task<HttpResponseMessage> UploadFashionSliceAsync(IEnumerable<string> fileNames)
    {
        using var form = new MultipartFormDataContent();
        foreach (var fileName in fileNames)
        {
            var file = new ByteArrayContent(File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", fileName))));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            form.Add(file, "file", fileName);
        }
        form.Add(new StringContent("fashion"), "name");
        form.Add(new StringContent("image-classification"), "task");
        return await _studio.Http.PostAsync("/api/datasets", form);
    }

    [Fact]
    public async Task Four_IDX_file_parts_become_one_image_dataset_whose_image_endpoint_serves_a_decodable_PNG()
    {
        var response = await UploadFashionSliceAsync(SliceFiles);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, body.GetProperty("rows").GetInt64());
        Assert.Contains("Ankle boot", body.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var id = body.GetProperty("id").GetString();

        var page = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1/rows?skip=0&take=2");
        var first = page.GetProperty("rows")[0];
        Assert.Equal("Ankle boot", first.GetProperty("label").GetString());
        var url = first.GetProperty("image").GetProperty("url").GetString()!;

        var image = await _studio.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var decoded = ImageResult.FromMemory(await image.Content.ReadAsByteArrayAsync(), ColorComponents.Grey);
        Assert.Equal((28, 28), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Export_of_an_image_version_is_a_zip_of_class_folders()
    {
        var body = await (await UploadFashionSliceAsync(SliceFiles)).Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();

        var export = await _studio.Http.GetAsync($"/api/datasets/{id}/versions/1/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("train-images-idx3-ubyte-v1.zip", export.Content.Headers.ContentDisposition?.FileName);
        using var archive = new ZipArchive(await export.Content.ReadAsStreamAsync());
        Assert.Equal(50, archive.Entries.Count);
        Assert.StartsWith("Ankle boot/", archive.Entries[0].FullName);
    }

    [Fact]
    public async Task A_labels_file_without_its_images_is_a_problem_naming_it_and_stores_nothing()
    {
        var response = await UploadFashionSliceAsync(SliceFiles.Skip(1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("train-labels-idx1-ubyte.gz", await response.Content.ReadAsStringAsync());
        Assert.Empty(await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/datasets") ?? []);
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task An_unknown_image_is_404(string hash)
    {
        var body = await (await UploadFashionSliceAsync(SliceFiles)).Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();

        var response = await _studio.Http.GetAsync($"/api/datasets/{id}/images/{hash}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Image_limits_come_from_configuration()
    {
        await using var strict = await StudioServer.StartAsync(null, "--TuneStudio:Images:MaxWidth=16", "--TuneStudio:Images:MaxHeight=16");
        using var form = new MultipartFormDataContent();
        foreach (var fileName in SliceFiles)
            form.Add(new ByteArrayContent(File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", fileName)))), "file", fileName);
        form.Add(new StringContent("image-classification"), "task");

        var response = await strict.Http.PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 16×16", await response.Content.ReadAsStringAsync());
    }
}
