using System.Security.Claims;
using TuneStudio.Storage.Accounts;

namespace TuneStudio.Web.Security;

// Whether a cookie session (or an open circuit) still stands: the user exists, is enabled,
// and has not signed out or been changed since (the security stamp still matches).
public sealed class SessionCheck(UserStore users)
{
    public bool IsCurrent(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { } name }) return false;
        var user = users.Get(name);
        return user is { Disabled: false }
            && principal.FindFirstValue(StudioClaims.SecurityStamp) == user.SecurityStamp
            && principal.IsInRole(user.Role);
    }
}
