using Microsoft.AspNetCore.SignalR;
using TuneStudio.Storage;

namespace TuneStudio.Web.Hubs;

// Live run data for clients outside the studio's pages. Messages:
//   Metrics {runId, points:[{step,key,value,time}]}   Status {runId, status, message}
public sealed class RunsHub(HubRunFeeds feeds, RunStore runs) : Hub
{
    public Task Subscribe(string runId, long afterStep)
    {
        if (runs.Get(runId) is null) throw new HubException($"Run '{runId}' does not exist.");
        feeds.Subscribe(Context.ConnectionId, runId, afterStep);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(string runId) => feeds.Unsubscribe(Context.ConnectionId, runId);

    public override Task OnDisconnectedAsync(Exception? exception) => feeds.UnsubscribeAll(Context.ConnectionId);
}
