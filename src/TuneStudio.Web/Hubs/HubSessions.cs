using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Hubs;

// A hub connection is authorised once, when it opens; this re-checks every open one as often as pages re-check
// their circuits, and closes those whose token was revoked, whose user was disabled or changed role, or (for a
// browser's cookie) signed out — so revoking access stops a stream within seconds, not when the client leaves.
public sealed class HubSessions(SessionCheck sessions, IOptions<AccountOptions> options, ILogger<HubSessions> log) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new();

    public void Opened(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    public int Count => _open.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RevalidateSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            foreach (var (id, context) in _open)
            {
                bool current;
                try { current = context.User is { } user && sessions.IsCurrent(user); }
                catch (Exception e)
                {
                    // Unknown means not current: a connection nobody can vouch for is closed, and why is logged.
                    log.LogError(e, "Checking hub connection {ConnectionId} failed; closing it", id);
                    current = false;
                }
                if (current) continue;
                log.LogInformation("Closing hub connection {ConnectionId} of {User}: its sign-in no longer stands", id, context.User.UserName());
                Closed(id);
                context.Abort();
            }
    }
}
