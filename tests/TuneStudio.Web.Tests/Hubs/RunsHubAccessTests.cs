using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using TuneStudio.Web.Hubs;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Hubs;

public sealed class RunsHubAccessTests : StudioWithNamesTest
{
    // The hub's whole surface. Both only read; a method added here must carry a policy and be listed deliberately.
    private static readonly string[] ReadMethods = ["Subscribe", "Unsubscribe"];

    [Fact]
    public void Every_hub_method_carries_a_policy_and_none_of_them_writes()
    {
        var methods = typeof(RunsHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(RunsHub))
            .ToList();

        Assert.Equal(ReadMethods.Order(), methods.Select(m => m.Name).Order());
        Assert.All(methods, m => Assert.Equal(Policies.Read, m.GetCustomAttribute<AuthorizeAttribute>()?.Policy));
        Assert.Equal(Policies.Read, typeof(RunsHub).GetCustomAttribute<AuthorizeAttribute>()?.Policy);
    }

    [Fact]
    public async Task A_viewer_watches_runs_but_cannot_invoke_anything_else()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "freeze", epochs = 1, batchSize = 64 });
        await Studio.WaitUntilEndedAsync(runId);
        var viewerToken = Studio.CreateUserWithToken(Roles.Viewer);
        var statuses = new List<string>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Studio.BaseAddress, "/hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(viewerToken))
            .Build();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<System.Text.Json.JsonElement>("Status", m => { lock (statuses) statuses.Add(m.GetProperty("status").GetString()!); ended.TrySetResult(); });
        await connection.StartAsync();

        await connection.InvokeAsync("Subscribe", runId, 0L);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("completed", statuses);
        await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Subscribe", "run-not-there", 0L));
        foreach (var write in new[] { "Cancel", "CancelRun", "StartRun", "Delete" })
            await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(write, runId));
        Assert.Equal("completed", (await Studio.GetRunAsync(runId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Browsers_websocket_token_in_the_query_string_is_accepted_only_on_the_hub()
    {
        var token = Studio.CreateUserWithToken(Roles.Viewer);
        using var anonymous = Studio.ClientWithToken(null);

        var hub = await anonymous.PostAsync($"/hubs/runs/negotiate?negotiateVersion=1&access_token={token}", null);
        var api = await anonymous.GetAsync($"/api/runs?access_token={token}");

        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
