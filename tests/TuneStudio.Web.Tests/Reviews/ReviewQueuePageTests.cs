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
}
