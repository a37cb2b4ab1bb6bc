using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Reviews;

public sealed class ReviewsApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private string _datasetId = "";

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        _datasetId = await _studio.UploadNamesAsync();
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private (string Name, HttpClient Client) User(string role)
    {
        var name = role + "-" + Guid.NewGuid().ToString("N")[..6];
        return (name, _studio.ClientWithToken(_studio.CreateUserWithToken(role, name)));
    }

    private async Task<HttpResponseMessage> CreateTask(HttpClient client, params string[] annotators) =>
        await client.PostAsJsonAsync("/api/reviews", new
        {
            datasetId = _datasetId, version = 1, name = "names check",
            selection = new { kind = "rows", rows = new[] { 1, 2, 3, 4, 5 } },
            annotators, overlap = 1,
        });

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Annotators_may_annotate_but_not_create_tasks_and_viewers_may_do_neither()
    {
        var (annie, annotator) = User(Roles.Annotator);
        var (_, viewer) = User(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateTask(annotator, annie)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateTask(viewer, annie)).StatusCode);

        var task = await Json(await CreateTask(_studio.Http, annie));
        var id = task.GetProperty("id").GetString()!;
        var item = await Json(await annotator.GetAsync($"/api/reviews/{id}/next"));
        var answer = new { label = "male", basedOn = item.GetProperty("basedOn").GetInt64() };
        var itemId = item.GetProperty("itemId").GetInt32();

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/reviews/{id}/next")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/reviews/{id}/items/{itemId}", answer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await annotator.PostAsJsonAsync($"/api/reviews/{id}/items/{itemId}", answer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsync($"/api/reviews/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsJsonAsync($"/api/reviews/{id}/conflicts/{itemId}", new { label = "male", basedOn = 9 })).StatusCode);
        // Someone the task is not assigned to may not answer it.
        var (_, stranger) = User(Roles.Annotator);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsJsonAsync($"/api/reviews/{id}/items/{itemId}", answer)).StatusCode);
    }

    [Fact]
    public async Task A_conflicting_concurrent_save_gets_409_naming_who_changed_it_and_overwrites_nothing()
    {
        var (annie, annotator) = User(Roles.Annotator);
        var id = (await Json(await CreateTask(_studio.Http, annie))).GetProperty("id").GetString()!;
        var item = await Json(await annotator.GetAsync($"/api/reviews/{id}/next"));
        var itemId = item.GetProperty("itemId").GetInt32();
        var basedOn = item.GetProperty("basedOn").GetInt64();

        // The engineer resolves the item while the annotator still has it open.
        var resolved = await _studio.Http.PostAsJsonAsync($"/api/reviews/{id}/conflicts/{itemId}", new { label = "male", basedOn });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var stale = await annotator.PostAsJsonAsync($"/api/reviews/{id}/items/{itemId}", new { label = "female", basedOn });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(_studio.EngineerName, problem.GetProperty("changedBy").GetString());
        Assert.Equal("male", problem.GetProperty("theirLabel").GetString());
        var closed = await Json(await _studio.Http.PostAsync($"/api/reviews/{id}/close", null));
        Assert.Equal(1, closed.GetProperty("relabelled").GetInt32()); // Mollee: female → male, the engineer's label, not the stale one
    }

    [Fact]
    public async Task Closing_makes_a_version_whose_diff_is_the_scripted_relabels_and_is_audited()
    {
        var (annie, annotator) = User(Roles.Annotator);
        var id = (await Json(await CreateTask(_studio.Http, annie))).GetProperty("id").GetString()!;
        // Rows 1-5: Mollee, Bunni, Darcee (female), Udall (male), ... ; relabel the first and fourth, skip one, keep the rest.
        string?[] script = ["male", "female", null, "female", "keep"];
        foreach (var step in script)
        {
            var item = await Json(await annotator.GetAsync($"/api/reviews/{id}/next"));
            object body = step switch
            {
                null => new { skip = true, basedOn = item.GetProperty("basedOn").GetInt64() },
                "keep" => new { label = item.GetProperty("currentLabel").GetString(), basedOn = item.GetProperty("basedOn").GetInt64() },
                _ => new { label = step, basedOn = item.GetProperty("basedOn").GetInt64() },
            };
            await Json(await annotator.PostAsJsonAsync($"/api/reviews/{id}/items/{item.GetProperty("itemId").GetInt32()}", body));
        }
        // The skipped item (Darcee, item 3) comes back at the end of the queue; keeping its label answers it.
        var skipped = await Json(await annotator.GetAsync($"/api/reviews/{id}/next"));
        Assert.Equal(3, skipped.GetProperty("itemId").GetInt32());
        await Json(await annotator.PostAsJsonAsync($"/api/reviews/{id}/items/3", new { label = skipped.GetProperty("currentLabel").GetString(), basedOn = skipped.GetProperty("basedOn").GetInt64() }));
        Assert.Equal(HttpStatusCode.NoContent, (await annotator.GetAsync($"/api/reviews/{id}/next")).StatusCode);
        var summary = await Json(await annotator.GetAsync($"/api/reviews/{id}"));
        Assert.Equal(5, summary.GetProperty("progress")[0].GetProperty("done").GetInt32());

        var closed = await Json(await _studio.Http.PostAsync($"/api/reviews/{id}/close", null));
        var version = closed.GetProperty("version");
        Assert.Equal(2, version.GetProperty("version").GetInt32());
        Assert.Equal($"review task {id}: 2 labels by {annie}", version.GetProperty("operationParameters").GetProperty("summary").GetString());

        var diff = await Json(await _studio.Http.GetAsync($"/api/datasets/{_datasetId}/diff?from=1&to=2"));
        var changes = diff.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("toIndex").GetInt64()}: {c.GetProperty("before").GetProperty("label")} → {c.GetProperty("after").GetProperty("label")}")
            .ToArray();
        Assert.Equal(["0: female → male", "3: male → female"], changes);

        var audit = _studio.Services.GetRequiredService<AuditLog>().Find(new AuditFilter());
        Assert.Contains(audit, e => e.Action == AuditActions.ReviewCreated && e.Target == id);
        Assert.Contains(audit, e => e.Action == AuditActions.ReviewClosed && e.Target == id && e.UserName == _studio.EngineerName);
    }

    [Fact]
    public async Task Engineers_edit_label_definitions_per_version_and_annotators_only_read_them()
    {
        var (annie, annotator) = User(Roles.Annotator);
        var path = $"/api/datasets/{_datasetId}/versions/1/label-definitions";
        // An annotator reads a dataset's definitions once a review task on it is theirs.
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.GetAsync(path)).StatusCode);
        await Json(await CreateTask(_studio.Http, annie));
        var definitions = new Dictionary<string, object> { ["female"] = new { description = "a name mostly given to girls", examples = "Mollee, Bunni" } };

        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PutAsJsonAsync(path, definitions)).StatusCode);
        await Json(await _studio.Http.PutAsJsonAsync(path, definitions));
        var read = await Json(await annotator.GetAsync(path));
        Assert.Equal("a name mostly given to girls", read.GetProperty("female").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await _studio.Http.PutAsJsonAsync(path, new Dictionary<string, object> { ["zebra"] = new { description = "x" } })).StatusCode);
    }
}
