using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public sealed record TokenRequest(string? UserName, string? Password, string? Name);

// Sign-in and sign-out for the browser (form posts with antiforgery from the static sign-in page and the layout),
// and POST /api/auth/token for scripts. All three count failed passwords towards lockout via PasswordSignIn.
public static class AuthEndpoints
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
            PasswordSignIn signIn, TuneStudio.Web.Reviews.ReviewService reviews, HttpContext http) =>
        {
            var target = StudioAuthentication.LocalPath(returnUrl);
            var (outcome, user) = signIn.Check(userName, password, PasswordSignIn.ClientOf(http));
            if (outcome != SignInOutcome.Succeeded)
            {
                var error = outcome == SignInOutcome.LockedOut ? "locked" : "invalid";
                // The name comes back so the form keeps it: only the password is typed again.
                return Results.Redirect($"{StudioAuthentication.LoginPath}?error={error}&user={Uri.EscapeDataString(userName ?? "")}&returnUrl={Uri.EscapeDataString(target)}");
            }
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                StudioClaims.PrincipalFor(user!, CookieAuthenticationDefaults.AuthenticationScheme));
            // Annotators who asked for no page in particular start at their review queue, the one thing they do here.
            if (target == "/" && reviews.LandingFor(user!.UserName, user.Role) is { } landing) target = landing;
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();

        // Ends every session of the user, not only this browser's: the stamp in all their cookies (and open pages) goes stale.
        app.MapPost("/account/signout", async ([FromForm] string? returnUrl, HttpContext http, UserAccounts accounts) =>
        {
            if (http.User.Identity?.IsAuthenticated == true) accounts.EndSessions(http.User.UserName());
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(StudioAuthentication.LoginPath);
        }).RequireAuthorization(Policies.Read).ExcludeFromDescription();

        app.MapPost("/api/auth/token", (TokenRequest request, PasswordSignIn signIn, ApiTokens tokens, HttpContext http) =>
        {
            // Checked before the password, so a bad name never counts as a failed sign-in.
            if (ApiTokens.NameProblem(request.Name) is { } badName) return Problems.InvalidFields([new Runs.FieldError("name", badName)]);
            if (TuneStudio.Storage.InputText.CheckName(request.UserName, "The user name") is { } badUser)
                return Problems.InvalidFields([new Runs.FieldError("userName", badUser)]);
            var (outcome, user) = signIn.Check(request.UserName, request.Password, PasswordSignIn.ClientOf(http), "api token");
            return outcome switch
            {
                SignInOutcome.LockedOut => Results.Problem(title: "Locked out", statusCode: StatusCodes.Status429TooManyRequests,
                    detail: "Too many failed sign-ins from this address; try again later."),
                SignInOutcome.Invalid => Results.Problem(title: "Sign-in failed", statusCode: StatusCodes.Status401Unauthorized,
                    detail: "The user name or password is wrong, or the user is disabled."),
                _ => Results.Ok(Issue(tokens, user!.UserName, request.Name ?? "script")),
            };
        }).AllowAnonymous().WithTags("Auth")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static object Issue(ApiTokens tokens, string userName, string name)
    {
        var issued = tokens.Create(userName, name, userName);
        return new { token = issued.Token, expiresAt = issued.ExpiresAt, id = issued.Id };
    }
}
