using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TuneStudio.Storage;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Hubs;

// Live run data for clients outside the studio's pages. Messages:
//   Metrics {runId, points:[{step,key,value,time}]}   Status {runId, status, message}
// Every signed-in role may watch every run (run history is shared); the hub has no method that changes anything.
// Each method names its policy, and the access tests check that none is left without one.
[Authorize(Policy = Policies.Read)]
public sealed class RunsHub(HubRunFeeds feeds, RunStore runs, HubSessions sessions) : Hub
{
    [Authorize(Policy = Policies.Read)]
    public Task Subscribe(string runId, long afterStep)
    {
        if (runs.Get(runId) is null) throw new HubException($"Run '{runId}' does not exist.");
        feeds.Subscribe(Context.ConnectionId, runId, afterStep);
        return Task.CompletedTask;
    }

    [Authorize(Policy = Policies.Read)]
    public Task Unsubscribe(string runId) => feeds.Unsubscribe(Context.ConnectionId, runId);

    public override Task OnConnectedAsync()
    {
        sessions.Opened(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Closed(Context.ConnectionId);
        return feeds.UnsubscribeAll(Context.ConnectionId);
    }
}
