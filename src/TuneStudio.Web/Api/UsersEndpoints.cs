using TuneStudio.Storage.Accounts;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public sealed record NewUserRequest(string? UserName, string? Password, string? Role);

// Each field is optional; the ones present are applied in this order, and the first that fails stops the rest.
public sealed record UserChangeRequest(string? Role, bool? Disabled, string? Password, bool? RevokeTokens, bool? Unlock);

// What the Users and Profile pages do, for scripts: users (admins), the caller's own tokens and failed-sign-in warning.
public static class UsersEndpoints
{
    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");

        users.MapGet("/", (UserAccounts accounts) => accounts.List().Select(u => View(u, accounts)))
            .RequireAuthorization(Policies.ManageUsers);

        users.MapPost("/", (NewUserRequest request, UserAccounts accounts, HttpContext http) =>
        {
            var name = request.UserName?.Trim() ?? "";
            if (name.Length > 0 && accounts.Get(name) is not null) return Problems.Conflict($"The user name '{name}' is taken.");
            if (UserAccounts.CheckNew(name, request.Password, request.Role) is { } invalid) return Problems.InvalidFields([invalid]);
            var error = accounts.Create(name, request.Password!, request.Role!, http.User.UserName());
            return error is null
                ? Results.Created($"/api/users/{Uri.EscapeDataString(name)}", View(accounts.Get(name)!, accounts))
                : Problems.Conflict(error);
        }).RequireAuthorization(Policies.ManageUsers);

        users.MapGet("/me", (UserAccounts accounts, HttpContext http) =>
            accounts.Get(http.User.UserName()) is { } user ? Results.Ok(View(user, accounts)) : Problems.NotFound("Your user no longer exists."))
            .RequireAuthorization(Policies.Read);

        users.MapPost("/me/failed-sign-ins/seen", (UserAccounts accounts, HttpContext http) =>
        {
            accounts.AcknowledgeFailedSignIns(http.User.UserName());
            return Results.NoContent();
        }).RequireAuthorization(Policies.Read);

        users.MapGet("/{name}", (string name, UserAccounts accounts) =>
            accounts.Get(name) is { } user ? Results.Ok(View(user, accounts)) : Problems.NotFound($"There is no user '{name}'."))
            .RequireAuthorization(Policies.ManageUsers);

        users.MapPatch("/{name}", (string name, UserChangeRequest change, UserAccounts accounts, HttpContext http) =>
        {
            if (accounts.Get(name) is null) return Problems.NotFound($"There is no user '{name}'.");
            var by = http.User.UserName();
            var (field, error) =
                change.Role is { } role && accounts.ChangeRole(name, role, by) is { } e1 ? ("role", e1)
                : change.Disabled is { } disabled && accounts.SetDisabled(name, disabled, by) is { } e2 ? ("disabled", e2)
                : change.Password is { } password && accounts.ResetPassword(name, password, by, change.RevokeTokens ?? true) is { } e3 ? ("password", e3)
                : change.Unlock == true && accounts.Unlock(name, by) is { } e4 ? ("unlock", e4)
                : (null, null);
            return error is null ? Results.Ok(View(accounts.Get(name)!, accounts)) : Problems.InvalidFields([new FieldError(field!, error)]);
        }).RequireAuthorization(Policies.ManageUsers);

        var tokens = app.MapGroup("/api/auth/tokens").WithTags("Auth");

        tokens.MapGet("/", (ApiTokens apiTokens, HttpContext http) => apiTokens.ListFor(http.User.UserName()).Select(t => new
        {
            id = t.Id, name = t.Name, createdAt = t.CreatedAt, expiresAt = t.ExpiresAt, revokedAt = t.RevokedAt,
        })).RequireAuthorization(Policies.Read);

        tokens.MapDelete("/{id}", (string id, ApiTokens apiTokens, HttpContext http) =>
        {
            var me = http.User.UserName();
            return apiTokens.Revoke(me, id, me) ? Results.NoContent() : Problems.NotFound($"You have no active token '{id}'.");
        }).RequireAuthorization(Policies.Read);
    }

    private static object View(UserRecord user, UserAccounts accounts) => new
    {
        userName = user.UserName,
        role = user.Role,
        disabled = user.Disabled,
        createdAt = user.CreatedAt,
        lockedOut = accounts.Locks(user.UserName).Select(l => new { client = l.Client, until = l.Until }),
        failedSignIns = accounts.FailedSignInsOf(user.UserName),
    };
}
