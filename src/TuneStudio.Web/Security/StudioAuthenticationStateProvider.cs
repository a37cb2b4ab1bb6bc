using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace TuneStudio.Web.Security;

// An open page keeps its circuit after the cookie is gone; checking the session every few seconds
// is what ends a signed-out (or disabled, or re-roled) user's access there too.
public sealed class StudioAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionCheck sessions, IOptions<AccountOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.RevalidateSeconds);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(sessions.IsCurrent(authenticationState.User));
}
