using System.Security.Claims;
using TuneStudio.Storage.Accounts;

namespace TuneStudio.Web.Security;

public static class StudioClaims
{
    // Carried in the cookie; a session is only good while it matches the stored user's stamp.
    public const string SecurityStamp = "tunestudio:stamp";
    // Carried by a bearer principal, so a long-lived hub connection can tell when its token is revoked.
    public const string TokenId = "tunestudio:token";

    public static ClaimsPrincipal PrincipalFor(UserRecord user, string authenticationType, string? tokenId = null) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(SecurityStamp, user.SecurityStamp),
                .. tokenId is null ? Array.Empty<Claim>() : [new Claim(TokenId, tokenId)],
            ],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The name the audit trail and run history record; "system" when nobody is signed in.</summary>
    public static string UserName(this ClaimsPrincipal? principal) =>
        principal?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "system";

    public static bool CanTrain(this ClaimsPrincipal? principal) =>
        principal is not null && Policies.AllowedRoles[Policies.Train].Any(principal.IsInRole);
}
