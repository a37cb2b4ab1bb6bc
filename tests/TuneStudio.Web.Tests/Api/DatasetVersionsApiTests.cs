using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class DatasetVersionsApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _id = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync(null);
        var response = await _studio.UploadAsync("reviews.csv", Encoding.UTF8.GetBytes("text,label\n good ,pos\nbad,neg\nmeh,Neg\n"));
        _id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task An_operation_creates_the_next_version_and_the_diff_endpoint_shows_the_changed_field()
    {
        var response = await _studio.Http.PostAsJsonAsync($"/api/datasets/{_id}/versions", new { baseVersion = 1, operation = "trim" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/datasets/{_id}/versions/2", response.Headers.Location?.OriginalString);
        var version = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, version.GetProperty("version").GetInt32());
        Assert.Equal(1, version.GetProperty("parentVersion").GetInt32());
        Assert.Equal("trim", version.GetProperty("operation").GetString());
        Assert.Equal(_studio.EngineerName, version.GetProperty("createdBy").GetString());
        var first = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{_id}/versions/1");
        Assert.Equal(_studio.EngineerName, first.GetProperty("createdBy").GetString());

        var diff = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{_id}/diff?from=1&to=2&skip=0&take=10");
        Assert.Equal(1, diff.GetProperty("changed").GetInt64());
        var change = diff.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal("changed", change.GetProperty("kind").GetString());
        Assert.Equal(["text"], change.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(" good ", change.GetProperty("before").GetProperty("text").GetString());
        Assert.Equal("good", change.GetProperty("after").GetProperty("text").GetString());

        var versions = await _studio.Http.GetFromJsonAsync<JsonElement[]>($"/api/datasets/{_id}/versions");
        Assert.Equal([1, 2], versions!.Select(v => v.GetProperty("version").GetInt32()));
    }

    // v1 comes with a split column (a train, b validation, c test, d train); fixing row 1's label makes v2, which
    // (like every derived version) has no split. By hand: row 1 changed (label and split), rows 2–4 only left their
    // parts; v1's parts count 2/1/1, v2 has none.
    [Fact]
    public async Task The_diff_shows_rows_that_changed_split_part_and_a_split_is_part_of_a_versions_identity()
    {
        const string rows = "a,pos,train\nb,neg,validation\nc,pos,test\nd,neg,train\n";
        var withSplit = await UploadAsync("parts.csv", "text,label,split\n" + rows);
        var fixedRow = await _studio.Http.PostAsJsonAsync($"/api/datasets/{withSplit}/versions", new { baseVersion = 1, operation = "fix-row", row = 1, label = "neg" });
        Assert.Equal(HttpStatusCode.Created, fixedRow.StatusCode);

        var diff = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{withSplit}/diff?from=1&to=2");

        Assert.Equal((0L, 0L, 1L, 3L, 4L), (diff.GetProperty("added").GetInt64(), diff.GetProperty("removed").GetInt64(),
            diff.GetProperty("changed").GetInt64(), diff.GetProperty("splitChanged").GetInt64(), diff.GetProperty("totalChanges").GetInt64()));
        Assert.Equal(2, diff.GetProperty("partsBefore").GetProperty("train").GetInt64());
        Assert.Equal(1, diff.GetProperty("partsBefore").GetProperty("validation").GetInt64());
        Assert.Empty(diff.GetProperty("partsAfter").EnumerateObject());
        var changes = diff.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["changed", "split", "split", "split"], changes.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal(["label", "split"], changes[0].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["train", "validation", "test", "train"], changes.Select(c => c.GetProperty("partBefore").GetString()));
        Assert.All(changes, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("partAfter").ValueKind));

        // The same rows with and without that split are different versions; the same rows and split, the same one.
        var withoutSplit = await UploadAsync("plain.csv", "text,label\n" + string.Join('\n', rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r[..r.LastIndexOf(',')])) + "\n");
        var again = await UploadAsync("parts-again.csv", "text,label,split\n" + rows);
        Assert.NotEqual(await HashAsync(withoutSplit), await HashAsync(withSplit));
        Assert.Equal(await HashAsync(again), await HashAsync(withSplit));
    }

    private async Task<string> UploadAsync(string fileName, string csv)
    {
        var response = await _studio.UploadAsync(fileName, Encoding.UTF8.GetBytes(csv));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<string> HashAsync(string datasetId) =>
        (await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}/versions/1")).GetProperty("contentHash").GetString()!;

    [Fact]
    public async Task A_split_is_stored_with_a_new_version_and_read_back_row_by_row()
    {
        var response = await _studio.Http.PostAsJsonAsync($"/api/datasets/{_id}/versions",
            new { baseVersion = 1, operation = "split", method = "random", validationFraction = 0.34, testFraction = 0.34, seed = 3 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var split = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{_id}/versions/2/split");
        var summary = split.GetProperty("summary");
        Assert.Equal((1, 1, 1), (summary.GetProperty("train").GetInt32(), summary.GetProperty("validation").GetInt32(), summary.GetProperty("test").GetInt32()));
        Assert.Equal(["test", "train", "validation"], split.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("part").GetString()).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await _studio.Http.GetAsync($"/api/datasets/{_id}/versions/1/split")).StatusCode);
    }

    [Fact]
    public async Task A_version_exports_in_its_upload_format_byte_identical_and_as_json_lines()
    {
        var csv = await _studio.Http.GetAsync($"/api/datasets/{_id}/versions/1/export");
        var jsonl = await _studio.Http.GetStringAsync($"/api/datasets/{_id}/versions/1/export?format=jsonl");
        var bad = await _studio.Http.GetAsync($"/api/datasets/{_id}/versions/1/export?format=xlsx");

        Assert.Equal("text,label\n good ,pos\nbad,neg\nmeh,Neg\n", await csv.Content.ReadAsStringAsync());
        Assert.Equal("reviews-v1.csv", csv.Content.Headers.ContentDisposition?.FileName);
        Assert.StartsWith("{\"text\":\" good \",\"label\":\"pos\"}\n", jsonl);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sentence_pairs_upload_with_the_task_field()
    {
        // Built here: the shared upload helper always sends task=text-classification.
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("source\ttarget\nGood morning.\tGuten Morgen.\n")), "file", "pairs.tsv" },
            { new StringContent("sentence-pairs"), "task" },
        };
        var response = await _studio.Http.PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var dataset = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}");
        Assert.Equal("sentence-pairs", dataset.GetProperty("dataset").GetProperty("task").GetString());
    }

    [Fact]
    public async Task An_upload_with_a_split_column_keeps_its_split()
    {
        var response = await _studio.UploadAsync("split.csv", Encoding.UTF8.GetBytes("text,label,split\na,x,train\nb,y,test\n"));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var split = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1/split");

        Assert.Equal(["train", "test"], split.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("part").GetString()));
    }

    [Theory]
    [InlineData("""{ "baseVersion": 1, "operation": "split", "method": "alphabetical" }""", "method")]
    [InlineData("""{ "baseVersion": 1, "operation": "split", "validationFraction": 0.7, "testFraction": 0.5 }""", "testFraction")]
    [InlineData("""{ "baseVersion": 1, "operation": "split", "validationFraction": "half" }""", "validationFraction")]
    [InlineData("""{ "operation": "trim" }""", "baseVersion")]
    [InlineData("""{ "baseVersion": 1 }""", "operation")]
    [InlineData("""{ "baseVersion": 1, "operation": "shuffle" }""", "operation")]
    [InlineData("""{ "baseVersion": "one", "operation": "trim" }""", "baseVersion")]
    [InlineData("""{ "baseVersion": 9, "operation": "trim" }""", "baseVersion")]
    [InlineData("""{ "baseVersion": 1, "operation": "rename-label", "from": "pos", "to": "neg" }""", "to")]
    [InlineData("""{ "baseVersion": 1, "operation": "merge-labels", "into": "negative" }""", "labels")]
    [InlineData("""{ "baseVersion": 1, "operation": "drop-rows", "regex": "(" }""", "regex")]
    [InlineData("""{ "baseVersion": 1, "operation": "fix-row", "row": 4, "text": "x" }""", "row")] // rows are 1 to 3
    [InlineData("""{ "baseVersion": 1, "operation": "fix-row", "row": 0, "text": "x" }""", "row")]
    [InlineData("""[1, 2]""", "body")]
    [InlineData("""{ not json""", "body")]
    public async Task A_bad_version_request_is_a_problem_naming_the_field_and_stores_nothing(string body, string field)
    {
        var response = await _studio.Http.PostAsync($"/api/datasets/{_id}/versions", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray();
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == field);
        var versions = await _studio.Http.GetFromJsonAsync<JsonElement[]>($"/api/datasets/{_id}/versions");
        Assert.Single(versions!);
    }

    [Fact]
    public async Task Operations_on_a_missing_dataset_and_diffs_of_missing_versions_are_404_problems()
    {
        var post = await _studio.Http.PostAsJsonAsync("/api/datasets/ds-missing/versions", new { baseVersion = 1, operation = "trim" });
        var diff = await _studio.Http.GetAsync($"/api/datasets/{_id}/diff?from=1&to=7");

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, diff.StatusCode);
        Assert.Equal("application/problem+json", diff.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_diff_without_versions_is_a_problem_naming_them()
    {
        var response = await _studio.Http.GetAsync($"/api/datasets/{_id}/diff");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["from", "to"], errors);
    }
}
