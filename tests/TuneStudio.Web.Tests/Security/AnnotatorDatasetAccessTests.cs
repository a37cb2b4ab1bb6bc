using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Storage;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// An annotator reads the datasets of their review tasks and nothing else: page, API and images, refused on the server.
public sealed class AnnotatorDatasetAccessTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _assigned = "", _other = "", _annie = "";
    private HttpClient _annotator = default!;

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        _assigned = await UploadImagesAsync("assigned", ("cat/a.png", Png(1)), ("dog/b.png", Png(2)));
        _other = await UploadImagesAsync("other", ("cat/c.png", Png(3)));
        _annie = "annie-" + Guid.NewGuid().ToString("N")[..6];
        _annotator = _studio.ClientWithToken(_studio.CreateUserWithToken(Roles.Annotator, _annie));
        var created = await _studio.Http.PostAsJsonAsync("/api/reviews", new { datasetId = _assigned, version = 1, annotators = new[] { _annie } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private static string[] ReadPaths(string id, string imageHash) =>
    [
        $"/datasets/{id}",
        $"/api/datasets/{id}",
        $"/api/datasets/{id}/versions",
        $"/api/datasets/{id}/versions/1",
        $"/api/datasets/{id}/versions/1/rows",
        $"/api/datasets/{id}/versions/1/export",
        $"/api/datasets/{id}/diff?from=1&to=1",
        $"/api/datasets/{id}/versions/1/label-definitions",
        $"/api/datasets/{id}/images/{imageHash}",
        $"/api/datasets/{id}/images/{imageHash}/augmentation-preview?horizontalFlip=true",
    ];

    [Fact]
    public async Task An_annotator_reads_the_dataset_of_their_review_task_and_is_refused_every_other()
    {
        var assignedPaths = ReadPaths(_assigned, await FirstImageHashAsync(_assigned));
        var otherPaths = ReadPaths(_other, await FirstImageHashAsync(_other));

        var wrong = new List<string>();
        foreach (var path in assignedPaths)
            if ((await _annotator.GetAsync(path)).StatusCode != HttpStatusCode.OK) wrong.Add($"assigned {path}");
        foreach (var path in otherPaths)
            if ((await _annotator.GetAsync(path)).StatusCode != HttpStatusCode.Forbidden) wrong.Add($"unassigned {path}");
        Assert.Empty(wrong);

        // The text augmentation preview shows rows too: refused for a dataset the annotator is not assigned.
        Assert.Equal(HttpStatusCode.Forbidden, (await _annotator.GetAsync($"/api/datasets/{_other}/versions/1/augmentation-preview")).StatusCode);

        var listed = await _annotator.GetFromJsonAsync<JsonElement[]>("/api/datasets");
        Assert.Equal([_assigned], listed!.Select(d => d.GetProperty("id").GetString()));
        var page = await _annotator.GetStringAsync("/datasets");
        Assert.Contains("assigned", page);
        Assert.DoesNotContain($"/datasets/{_other}", page);
    }

    [Fact]
    public async Task A_viewer_is_not_limited_to_assigned_datasets()
    {
        var viewer = _studio.ClientAs(Roles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/datasets/{_other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/datasets/{_other}/versions/1/rows")).StatusCode);
        Assert.Equal(2, (await viewer.GetFromJsonAsync<JsonElement[]>("/api/datasets"))!.Length);
    }

    [Fact]
    public async Task The_image_endpoint_serves_only_images_the_named_dataset_refers_to()
    {
        var otherHash = await FirstImageHashAsync(_other);

        // Both datasets may be read by the engineer, but a blob is served only under a dataset whose rows name it.
        Assert.Equal(HttpStatusCode.OK, (await _studio.Http.GetAsync($"/api/datasets/{_other}/images/{otherHash}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _studio.Http.GetAsync($"/api/datasets/{_assigned}/images/{otherHash}")).StatusCode);
        // An annotator of the assigned dataset cannot reach the other's image through it either.
        Assert.Equal(HttpStatusCode.NotFound, (await _annotator.GetAsync($"/api/datasets/{_assigned}/images/{otherHash}")).StatusCode);
        // Nor through the augmentation preview, which decodes the same blobs.
        Assert.Equal(HttpStatusCode.OK, (await _studio.Http.GetAsync($"/api/datasets/{_other}/images/{otherHash}/augmentation-preview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _studio.Http.GetAsync($"/api/datasets/{_assigned}/images/{otherHash}/augmentation-preview")).StatusCode);
    }

    [Fact]
    public async Task An_annotator_sees_only_their_own_review_tasks()
    {
        var created = await _studio.Http.PostAsJsonAsync("/api/reviews", new { datasetId = _other, version = 1, annotators = new[] { _studio.EngineerName } });
        var foreign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var tasks = await _annotator.GetFromJsonAsync<JsonElement[]>("/api/reviews");

        Assert.All(tasks!, t => Assert.Equal(_assigned, t.GetProperty("datasetId").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _annotator.GetAsync($"/api/reviews/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _annotator.GetAsync($"/api/reviews/{foreign}/conflicts")).StatusCode);
    }

    private async Task<string> FirstImageHashAsync(string id)
    {
        var rows = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1/rows");
        return rows.GetProperty("rows")[0].GetProperty("image").GetProperty("hash").GetString()!;
    }

    private async Task<string> UploadImagesAsync(string name, params (string Name, byte[] Png)[] entries)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (entryName, png) in entries)
            {
                using var entry = archive.CreateEntry(entryName).Open();
                entry.Write(png);
            }
        var response = await _studio.UploadAsync($"{name}.zip", zip.ToArray(), name, new Dictionary<string, string> { ["task"] = DatasetTasks.ImageClassification });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static byte[] Png(byte seed)
    {
        var png = new MemoryStream();
        new StbImageWriteSharp.ImageWriter().WritePng(Enumerable.Repeat(seed, 16).ToArray(), 4, 4, StbImageWriteSharp.ColorComponents.Grey, png);
        return png.ToArray();
    }
}
