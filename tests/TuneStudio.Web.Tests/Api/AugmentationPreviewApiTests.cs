using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class AugmentationPreviewApiTests : IAsyncLifetime
{
    private const string Reviews = """
        text,label
        the delivery came two days late and the box was crushed,neg
        great value for the price and it works exactly as described,pos
        support answered within an hour and fixed my account,pos
        the battery died after a week of light use,neg
        i would buy this again without thinking twice,pos
        """;

    private StudioServer _studio = default!;
    private string _id = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        var response = await _studio.UploadAsync("reviews.csv", Encoding.UTF8.GetBytes(Reviews.Replace("\r\n", "\n") + "\n"));
        _id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private string PreviewUrl(string query) => $"/api/datasets/{_id}/versions/1/augmentation-preview?{query}";

    [Fact]
    public async Task Rows_come_back_beside_their_augmented_forms_with_the_changed_words_marked()
    {
        var preview = await _studio.Http.GetFromJsonAsync<JsonElement>(PreviewUrl("deletionProbability=0.3&swapProbability=0.3&typoProbability=0.05&seed=3"));

        var rows = preview.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(5, preview.GetProperty("totalRows").GetInt64());
        Assert.Equal(0.3, preview.GetProperty("request").GetProperty("text").GetProperty("deletionProbability").GetDouble());
        Assert.Equal("the delivery came two days late and the box was crushed", rows[0].GetProperty("original").GetString());
        Assert.Contains(rows, row => row.GetProperty("augmented").GetString() != row.GetProperty("original").GetString());
        foreach (var row in rows)
        {
            // The segments spell out each side exactly, and a side has marked words exactly when the texts differ.
            Assert.Equal(row.GetProperty("original").GetString(), Join(row.GetProperty("originalSegments")));
            Assert.Equal(row.GetProperty("augmented").GetString(), Join(row.GetProperty("augmentedSegments")));
            var differs = row.GetProperty("augmented").GetString() != row.GetProperty("original").GetString();
            Assert.Equal(differs, Marked(row.GetProperty("originalSegments")).Any() || Marked(row.GetProperty("augmentedSegments")).Any());
        }
    }

    [Fact]
    public async Task The_same_seed_and_epoch_repeat_the_noise_and_another_epoch_draws_new_noise()
    {
        const string noise = "deletionProbability=0.2&swapProbability=0.2&typoProbability=0.05";

        var first = Augmented(await _studio.Http.GetFromJsonAsync<JsonElement>(PreviewUrl($"{noise}&seed=9&epoch=1")));
        var again = Augmented(await _studio.Http.GetFromJsonAsync<JsonElement>(PreviewUrl($"{noise}&seed=9&epoch=1")));
        var nextEpoch = Augmented(await _studio.Http.GetFromJsonAsync<JsonElement>(PreviewUrl($"{noise}&seed=9&epoch=2")));

        Assert.Equal(first, again);
        Assert.NotEqual(first, nextEpoch);
    }

    [Fact]
    public async Task Without_noise_every_row_is_unchanged_and_nothing_is_marked()
    {
        var preview = await _studio.Http.GetFromJsonAsync<JsonElement>(PreviewUrl("skip=1&take=2"));

        var rows = preview.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([1L, 2L], rows.Select(row => row.GetProperty("index").GetInt64()));
        Assert.All(rows, row => Assert.Equal(row.GetProperty("original").GetString(), row.GetProperty("augmented").GetString()));
        Assert.All(rows, row => Assert.Empty(Marked(row.GetProperty("augmentedSegments"))));
    }

    [Theory]
    [InlineData("deletionProbability", "deletionProbability=1")]
    [InlineData("swapProbability", "swapProbability=-0.2")]
    [InlineData("typoProbability", "typoProbability=lots")]
    [InlineData("typo", "typo=0.1")]
    [InlineData("seed", "seed=1.5")]
    [InlineData("epoch", "epoch=0")]
    [InlineData("skip", "skip=-1")]
    [InlineData("take", "take=0")]
    [InlineData("take", "take=51")]
    public async Task Bad_parameters_are_400_naming_the_field(string field, string query)
    {
        var response = await _studio.Http.GetAsync(PreviewUrl(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A_missing_version_is_404_and_an_image_dataset_is_409_saying_why()
    {
        var missing = await _studio.Http.GetAsync($"/api/datasets/{_id}/versions/7/augmentation-preview");

        using var form = new MultipartFormDataContent();
        foreach (var fileName in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" })
        {
            var file = new ByteArrayContent(File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", fileName))));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            form.Add(file, "file", fileName);
        }
        form.Add(new StringContent("image-classification"), "task");
        var upload = await _studio.Http.PostAsync("/api/datasets", form);
        var imagesId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var images = await _studio.Http.GetAsync($"/api/datasets/{imagesId}/versions/1/augmentation-preview?typoProbability=0.1");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, images.StatusCode);
        Assert.Contains("/images/{hash}/augmentation-preview", (await images.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static string Join(JsonElement segments) => string.Concat(segments.EnumerateArray().Select(s => s.GetProperty("text").GetString()));

    private static IEnumerable<string?> Marked(JsonElement segments) =>
        segments.EnumerateArray().Where(s => s.GetProperty("changed").GetBoolean()).Select(s => s.GetProperty("text").GetString());

    private static List<string?> Augmented(JsonElement preview) =>
        preview.GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("augmented").GetString()).ToList();
}
