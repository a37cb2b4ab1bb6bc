using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TuneStudio.Storage;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Hubs;

// Live run data for clients outside the studio's pages. Messages:
//   Metrics {runId, points:[{step,key,value,time}]}   Status {runId, status, message}
// Every signed-in role may watch every run it may read (run history is shared; annotators see the runs on the datasets
// they review); the hub has no method that changes anything.
// Each method names its policy, and the access tests check that none is left without one.
[Authorize(Policy = Policies.Read)]
public sealed class RunsHub(HubRunFeeds feeds, RunStore runs, HubSessions sessions, DatasetAccess access) : Hub
{
    [Authorize(Policy = Policies.Read)]
    public Task Subscribe(string runId, long afterStep)
    {
        if (runs.Get(runId) is not { } run) throw new HubException($"Run '{runId}' does not exist.");
        if (!access.MayRead(Context.User!, run.DatasetId))
            throw new HubException($"Run '{runId}' trains on dataset '{run.DatasetId}', which you are not assigned to review.");
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
