using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Hubs;

// The feeds of hub connections, one per (connection, run). Hubs are transient, so the feeds live here.
public sealed class HubRunFeeds(RunTelemetry telemetry, IHubContext<RunsHub> hub)
{
    private readonly ConcurrentDictionary<(string Connection, string RunId), RunFeed> _feeds = new();

    public void Subscribe(string connectionId, string runId, long afterStep)
    {
        var client = hub.Clients.Client(connectionId);
        var feed = telemetry.Subscribe(runId, afterStep,
            points => client.SendAsync("Metrics", new { runId, points }),
            status => client.SendAsync("Status", new { runId = status.RunId, status = status.Status, message = status.Message }));
        if (_feeds.TryGetValue((connectionId, runId), out var previous)) _ = previous.DisposeAsync().AsTask();
        _feeds[(connectionId, runId)] = feed;
    }

    public async Task Unsubscribe(string connectionId, string runId)
    {
        if (_feeds.TryRemove((connectionId, runId), out var feed)) await feed.DisposeAsync();
    }

    public async Task UnsubscribeAll(string connectionId)
    {
        foreach (var key in _feeds.Keys.Where(k => k.Connection == connectionId).ToList())
            if (_feeds.TryRemove(key, out var feed)) await feed.DisposeAsync();
    }
}
