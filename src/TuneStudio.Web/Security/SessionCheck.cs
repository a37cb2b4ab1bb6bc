using System.Security.Claims;
using TuneStudio.Storage.Accounts;

namespace TuneStudio.Web.Security;

// Whether a sign-in (a cookie session, an open circuit or hub connection) still stands. A cookie's stands while the
// user exists, is enabled and has not signed out or been changed since (the security stamp still matches); a
// token's while the token is neither revoked nor expired, its user enabled and in the same role (sign-out, which
// ends cookie sessions, leaves tokens alone).
public sealed class SessionCheck(UserStore users, ApiTokens tokens)
{
    public bool IsCurrent(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { } name }) return false;
        if (principal.FindFirstValue(StudioClaims.TokenId) is { } tokenId)
            return tokens.StillValid(tokenId) is { } owner && owner.Id == UserStore.IdOf(name) && principal.IsInRole(owner.Role);
        var user = users.Get(name);
        return user is { Disabled: false }
            && principal.FindFirstValue(StudioClaims.SecurityStamp) == user.SecurityStamp
            && principal.IsInRole(user.Role);
    }
}
