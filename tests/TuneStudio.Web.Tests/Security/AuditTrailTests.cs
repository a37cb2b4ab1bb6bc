using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

public sealed class AuditTrailTests : StudioWithNamesTest
{
    [Fact]
    public async Task Every_change_is_recorded_with_who_and_what_and_exports_as_csv()
    {
        using var admin = Studio.ClientWithToken(Studio.CreateUserWithToken(Roles.Admin, "ada"));
        var accounts = Studio.Services.GetRequiredService<UserAccounts>();
        var tokens = Studio.Services.GetRequiredService<ApiTokens>();
        Assert.NotNull(accounts.Create("=cmd", "annotator-password", Roles.Annotator, "ada")); // names are plain, never formulas
        Assert.Null(accounts.Create("ann", "annotator-password", Roles.Annotator, "ada"));
        Assert.Null(accounts.ChangeRole("ann", Roles.Viewer, "ada"));
        var issued = tokens.Create("ann", "laptop", "ann");
        Assert.True(tokens.Revoke("ann", issued.Id, "ann"));
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 50, batchSize = 8, name = "=HYPERLINK(\"x\")" });
        Assert.Equal(HttpStatusCode.Accepted, (await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);

        var entries = await admin.GetFromJsonAsync<JsonElement[]>("/api/audit");
        var seen = entries!.Select(e => (User: e.GetProperty("userName").GetString(), Action: e.GetProperty("action").GetString(), Target: e.GetProperty("target").GetString())).ToList();
        var engineer = seen.Single(e => e.Action == AuditActions.RunStarted).User;

        Assert.Contains(seen, e => e is { Action: AuditActions.DatasetCreated } && e.User == engineer && e.Target == DatasetId);
        Assert.Contains((engineer, AuditActions.RunCancelled, runId), seen);
        Assert.Contains(("ada", AuditActions.UserCreated, "ann"), seen);
        Assert.Contains(("ada", AuditActions.RoleChanged, "ann"), seen);
        Assert.Contains(("ann", AuditActions.TokenCreated, "ann"), seen);
        Assert.Contains(("ann", AuditActions.TokenRevoked, "ann"), seen);
        Assert.StartsWith("engineer-", engineer);

        var filtered = await admin.GetFromJsonAsync<JsonElement[]>("/api/audit?user=ada&action=user.role_changed");
        Assert.Single(filtered!);
        var csv = await admin.GetStringAsync("/api/audit/export?user=" + engineer);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("time,user,action,target,detail", lines[0]);
        Assert.Equal(3, lines.Length - 1); // dataset, run started, run cancelled
        Assert.All(lines.Skip(1), l => Assert.Contains($"\"{engineer}\"", l));
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")", csv); // a formula is defused, quotes doubled
        Assert.Equal(HttpStatusCode.Forbidden, (await Studio.Http.GetAsync("/api/audit/export")).StatusCode);
    }

    [Fact]
    public async Task Every_run_shows_who_started_it_and_the_list_filters_by_user()
    {
        using var other = Studio.ClientWithToken(Studio.CreateUserWithToken(Roles.Admin, "otto"));
        var mine = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 1, batchSize = 64 });
        var response = await other.PostAsJsonAsync("/api/runs", new { datasetId = DatasetId, method = "freeze", epochs = 1, batchSize = 64 });
        var theirs = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var run = await Studio.GetRunAsync(theirs!);
        var ottos = await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs?startedBy=otto");
        var all = await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs");

        Assert.Equal("otto", run.GetProperty("startedBy").GetString());
        Assert.Equal([theirs], ottos!.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(2, all!.Length);
        Assert.StartsWith("engineer-", all.Single(r => r.GetProperty("id").GetString() == mine).GetProperty("startedBy").GetString());
    }
}
