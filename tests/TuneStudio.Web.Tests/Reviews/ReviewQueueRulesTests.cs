using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Reviews;

// Skips come back, Back takes an answer back, a close over unresolved conflicts asks first, and every answer,
// resolution and definition edit is in the audit log (read through its API, as an admin would).
public sealed class ReviewQueueRulesTests : StudioWithNamesTest
{
    private async Task<(string Name, HttpClient Client, string TaskId)> TaskForAnnie(params long[] rows)
    {
        var name = "annie-" + Guid.NewGuid().ToString("N")[..6];
        var client = Studio.ClientWithToken(Studio.CreateUserWithToken(Roles.Annotator, name));
        var created = await Json(await Studio.Http.PostAsJsonAsync("/api/reviews", new
        {
            datasetId = DatasetId, version = 1, selection = new { kind = "rows", rows }, annotators = new[] { name },
        }));
        return (name, client, created.GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> Next(HttpClient client, string taskId) => await Json(await client.GetAsync($"/api/reviews/{taskId}/next"));

    private static async Task Answer(HttpClient client, string taskId, JsonElement item, object body) =>
        await Json(await client.PostAsJsonAsync($"/api/reviews/{taskId}/items/{item.GetProperty("itemId").GetInt32()}", body));

    private static long BasedOn(JsonElement item) => item.GetProperty("basedOn").GetInt64();

    [Fact]
    public async Task A_skipped_item_is_not_done_and_comes_back_after_the_others()
    {
        var (_, annie, taskId) = await TaskForAnnie(1, 2, 3); // Mollee, Bunni, Darcee: items 1, 2, 3
        var first = await Next(annie, taskId);
        Assert.Equal("Mollee", first.GetProperty("text").GetString());
        await Answer(annie, taskId, first, new { skip = true, basedOn = BasedOn(first) });

        var summary = await Json(await annie.GetAsync($"/api/reviews/{taskId}"));
        Assert.Equal(0, summary.GetProperty("itemsDone").GetInt32());
        Assert.Equal((0, 1), (summary.GetProperty("progress")[0].GetProperty("done").GetInt32(), summary.GetProperty("progress")[0].GetProperty("skipped").GetInt32()));

        // The queue goes on with the items not yet seen, then brings the skipped one back.
        var seen = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var item = await Next(annie, taskId);
            seen.Add(item.GetProperty("text").GetString()!);
            await Answer(annie, taskId, item, new { label = "female", basedOn = BasedOn(item) });
        }
        Assert.Equal(["Bunni", "Darcee"], seen);
        var back = await Next(annie, taskId);
        Assert.Equal((1, "Mollee"), (back.GetProperty("itemId").GetInt32(), back.GetProperty("text").GetString()));
        Assert.Equal((2, 3), (back.GetProperty("done").GetInt32(), back.GetProperty("assigned").GetInt32()));

        await Answer(annie, taskId, back, new { label = "male", basedOn = BasedOn(back) });
        Assert.Equal(HttpStatusCode.NoContent, (await annie.GetAsync($"/api/reviews/{taskId}/next")).StatusCode);
        Assert.Equal(3, (await Json(await annie.GetAsync($"/api/reviews/{taskId}"))).GetProperty("itemsDone").GetInt32());
    }

    [Fact]
    public async Task The_annotator_picker_offers_enabled_users_who_may_review_and_only_to_engineers()
    {
        var (annie, client, _) = await TaskForAnnie(1);
        var viewer = "viewer-" + Guid.NewGuid().ToString("N")[..6];
        Studio.CreateUserWithToken(Roles.Viewer, viewer);

        var names = await Studio.Http.GetFromJsonAsync<string[]>("/api/reviews/annotators");

        Assert.Contains(annie, names!);
        Assert.Contains(Studio.EngineerName, names!);
        Assert.DoesNotContain(viewer, names!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/reviews/annotators")).StatusCode);
    }

    [Fact]
    public async Task Back_takes_the_latest_answer_back_and_the_item_is_answered_again()
    {
        var (_, annie, taskId) = await TaskForAnnie(1, 2);
        var mollee = await Next(annie, taskId);
        await Answer(annie, taskId, mollee, new { label = "male", basedOn = BasedOn(mollee) });
        var bunni = await Next(annie, taskId);
        await Answer(annie, taskId, bunni, new { flag = true, comment = "a nickname?", basedOn = BasedOn(bunni) });
        Assert.Equal(HttpStatusCode.NoContent, (await annie.GetAsync($"/api/reviews/{taskId}/next")).StatusCode);

        var undone = await Json(await annie.PostAsync($"/api/reviews/{taskId}/undo", null));
        Assert.Equal("Bunni", undone.GetProperty("item").GetProperty("text").GetString());
        Assert.Equal("a nickname?", undone.GetProperty("undone").GetProperty("comment").GetString());
        // Bunni is back in the queue, unflagged: the task has no conflict left.
        Assert.Equal("Bunni", (await Next(annie, taskId)).GetProperty("text").GetString());
        Assert.Equal(0, (await Json(await Studio.Http.GetAsync($"/api/reviews/{taskId}"))).GetProperty("conflicts").GetInt32());

        // Back again takes Mollee's label back; its item shows the version's label once more.
        var second = await Json(await annie.PostAsync($"/api/reviews/{taskId}/undo", null));
        Assert.Equal(("Mollee", "female"), (second.GetProperty("item").GetProperty("text").GetString(), second.GetProperty("item").GetProperty("currentLabel").GetString()));
        Assert.Equal("male", second.GetProperty("undone").GetProperty("label").GetString());
        var nothing = await annie.PostAsync($"/api/reviews/{taskId}/undo", null);
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);
        Assert.Equal("application/problem+json", nothing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Closing_with_an_unresolved_flag_is_refused_naming_it_until_forced()
    {
        var (annie, client, taskId) = await TaskForAnnie(1, 4); // Mollee (female), Udall (male)
        var mollee = await Next(client, taskId);
        await Answer(client, taskId, mollee, new { label = "male", basedOn = BasedOn(mollee) });
        var udall = await Next(client, taskId);
        await Answer(client, taskId, udall, new { flag = true, comment = "not a first name", basedOn = BasedOn(udall) });

        var refused = await Studio.Http.PostAsync($"/api/reviews/{taskId}/close", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unresolved conflicts", problem.GetProperty("title").GetString());
        Assert.Contains($"item 2 (row 4): flagged by {annie} (\"not a first name\")", problem.GetProperty("detail").GetString());
        Assert.Equal(2, Assert.Single(problem.GetProperty("unresolved").EnumerateArray()).GetProperty("itemId").GetInt32());
        // Nothing happened: the task is open and the dataset has one version.
        Assert.False((await Json(await Studio.Http.GetAsync($"/api/reviews/{taskId}"))).GetProperty("closed").GetBoolean());
        Assert.Single((await Json(await Studio.Http.GetAsync($"/api/datasets/{DatasetId}/versions"))).EnumerateArray());

        var forced = await Json(await Studio.Http.PostAsync($"/api/reviews/{taskId}/close?force=true", null));
        Assert.Equal(1, forced.GetProperty("relabelled").GetInt32());
        // The message in words: who changed which row from what to what (Udall, flagged, keeps his label).
        Assert.Equal($"1 label changed by {annie}: row 1 female → male", forced.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_answer_undo_resolution_and_definition_edit_is_audited()
    {
        var (annie, client, taskId) = await TaskForAnnie(1, 2);
        var mollee = await Next(client, taskId);
        await Answer(client, taskId, mollee, new { label = "male", basedOn = BasedOn(mollee) });
        var bunni = await Next(client, taskId);
        await Answer(client, taskId, bunni, new { skip = true, basedOn = BasedOn(bunni) });
        await Json(await client.PostAsync($"/api/reviews/{taskId}/undo", null));
        bunni = await Next(client, taskId);
        await Answer(client, taskId, bunni, new { flag = true, comment = "unsure", basedOn = BasedOn(bunni) });
        await Json(await Studio.Http.PostAsJsonAsync($"/api/reviews/{taskId}/conflicts/2", new { label = "female", basedOn = BasedOn(bunni) + 1 }));
        await Json(await Studio.Http.PutAsJsonAsync($"/api/datasets/{DatasetId}/versions/1/label-definitions",
            new Dictionary<string, object> { ["female"] = new { description = "given to girls", examples = "Mollee" } }));

        using var admin = Studio.ClientWithToken(Studio.CreateUserWithToken(Roles.Admin));
        var entries = (await admin.GetFromJsonAsync<JsonElement[]>("/api/audit"))!
            .Select(e => $"{e.GetProperty("userName").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("target").GetString()}: {e.GetProperty("detail").GetString()}")
            .Reverse().ToList();
        var engineer = Studio.EngineerName;
        string[] expected =
        [
            $"{annie} {AuditActions.ReviewAnswered} {taskId} item 1: row 1: labelled male",
            $"{annie} {AuditActions.ReviewAnswered} {taskId} item 2: row 2: skipped",
            $"{annie} {AuditActions.ReviewAnswerUndone} {taskId} item 2: row 2: took back skipped",
            $"{annie} {AuditActions.ReviewAnswered} {taskId} item 2: row 2: flagged \"unsure\"",
            $"{engineer} {AuditActions.ReviewConflictResolved} {taskId} item 2: row 2: resolved as female",
            $"{engineer} {AuditActions.LabelDefinitionsEdited} {DatasetId} v1: changed female",
        ];
        Assert.Equal(expected, entries.Where(e => e.Contains(" review.") && !e.Contains(AuditActions.ReviewCreated)).ToArray());
    }
}
