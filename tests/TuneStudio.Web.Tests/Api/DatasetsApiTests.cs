using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class DatasetsApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync(null, "--TuneStudio:MaxUploadBytes=65536");
    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task Uploaded_csv_becomes_version_1_with_its_rows_and_labels()
    {
        var response = await _studio.UploadAsync("names.csv", Encoding.UTF8.GetBytes("text,label\n Ann ,female\nBob,male\n"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(2, body.GetProperty("rows").GetInt64());
        Assert.Equal(["female", "male"], body.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        var id = body.GetProperty("id").GetString();
        var page = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1/rows?skip=0&take=10");
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(" Ann ", rows[0].GetProperty("text").GetString());
        Assert.Equal("male", rows[1].GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("ragged.csv", "text,label\nAnn,female\nBob,male,extra\n", 2, "file")]
    [InlineData("missing-text.csv", "text,label\n,female\n", 1, "text")]
    [InlineData("empty-label.jsonl", "{\"text\":\"Ann\",\"label\":\"\"}\n", 1, "label")]
    [InlineData("unknown-column.csv", "text,label,color\nAnn,female,red\n", 0, "color")]
    [InlineData("empty.csv", "", 0, "file")]
    public async Task Bad_upload_is_a_problem_naming_row_and_field_and_stores_nothing(string fileName, string content, long row, string field)
    {
        var response = await _studio.UploadAsync(fileName, Encoding.UTF8.GetBytes(content));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, row, field);
        Assert.Empty(await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/datasets") ?? []);
    }

    [Fact]
    public async Task Invalid_utf8_is_rejected_with_its_row()
    {
        var bytes = Encoding.UTF8.GetBytes("text,label\nAnn,female\nB").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("b,male\n")).ToArray();

        var response = await _studio.UploadAsync("bad-bytes.csv", bytes);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, 2, null);
    }

    [Fact]
    public async Task File_over_the_cap_is_413_and_stores_nothing()
    {
        var big = new StringBuilder("text,label\n");
        while (big.Length < 70_000) big.Append("Annabelle,female\n");

        var response = await _studio.UploadAsync("big.csv", Encoding.UTF8.GetBytes(big.ToString()));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, 0, "file");
        Assert.Empty(await _studio.Http.GetFromJsonAsync<JsonElement[]>("/api/datasets") ?? []);
    }

    [Fact]
    public async Task Column_mapping_takes_differently_named_columns()
    {
        var response = await _studio.UploadAsync("mapped.csv", Encoding.UTF8.GetBytes("id,name,gender\n1,Ann,female\n2,Bob,male\n"),
            fields: new Dictionary<string, string> { ["textColumn"] = "name", ["labelColumn"] = "gender" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_dataset_is_404_problem()
    {
        var response = await _studio.Http.GetAsync("/api/datasets/ds-missing/versions/1/rows");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, long row, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("row").GetInt64() == row && (field is null || e.GetProperty("field").GetString() == field));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
    }
}
