using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Reviews;

public sealed class ReviewQueuePageTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync();

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task An_items_text_and_label_definitions_reach_the_page_html_encoded()
    {
        var upload = await _studio.UploadAsync("html.csv", "text,label\n\"<img src=x onerror=alert(1)>\",pos\nfine,neg\n"u8.ToArray());
        var datasetId = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        _studio.Services.GetRequiredService<LabelDefinitionStore>().Save(datasetId, 1,
            new Dictionary<string, LabelDefinition> { ["pos"] = new() { Description = "<script>bad()</script>", Examples = "" } }, "test");
        var name = "annie-" + Guid.NewGuid().ToString("N")[..6];
        var annotator = _studio.ClientWithToken(_studio.CreateUserWithToken(Roles.Annotator, name));
        var created = await _studio.Http.PostAsJsonAsync("/api/reviews", new { datasetId, version = 1, annotators = new[] { name } });
        var taskId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;

        var html = await annotator.GetStringAsync($"/review/{taskId}");

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;bad()&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>bad()", html);
    }

    [Fact]
    public async Task An_empty_queue_leads_to_the_next_task_and_names_the_dataset()
    {
        var datasetId = await _studio.UploadNamesAsync();
        var name = "annie-" + Guid.NewGuid().ToString("N")[..6];
        var annotator = _studio.ClientWithToken(_studio.CreateUserWithToken(Roles.Annotator, name));
        async Task<string> Create(string title)
        {
            var created = await _studio.Http.PostAsJsonAsync("/api/reviews", new { datasetId, version = 1, name = title, selection = new { kind = "rows", rows = new[] { 1 } }, annotators = new[] { name } });
            return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        }
        var first = await Create("first pass");
        var second = await Create("second pass");
        var item = await annotator.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/reviews/{first}/next");
        (await annotator.PostAsJsonAsync($"/api/reviews/{first}/items/1", new { label = "female", basedOn = item.GetProperty("basedOn").GetInt64() })).EnsureSuccessStatusCode();

        var html = await annotator.GetStringAsync($"/review/{first}");

        Assert.Contains("id=\"review-done\"", html);
        Assert.Matches($"href=\"/review/{second}\"[^>]*id=\"review-next-task\"|id=\"review-next-task\"[^>]*href=\"/review/{second}\"", html);
        Assert.Contains("Next task: second pass", html);
        Assert.Contains($"href=\"/datasets/{datasetId}\"", html);
        Assert.Contains("first-names v1", html); // the dataset's name, not its id
    }
}
