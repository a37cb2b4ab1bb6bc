using Microsoft.AspNetCore.Identity;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Security;

public enum SignInOutcome { Succeeded, Invalid, LockedOut }

// Checks a user name and password from a client (its IP address), counting failures towards that client's lockout
// (SignInThrottle). The browser's sign-in form and POST /api/auth/token both come through here, so both count.
public sealed class PasswordSignIn(UserStore users, AuditLog audit, SignInThrottle throttle, TimeProvider clock)
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    public (SignInOutcome Outcome, UserRecord? User) Check(string? userName, string? password, string client)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return (SignInOutcome.Invalid, null);
        var user = users.Get(userName);
        if (throttle.LockedUntil(user?.Id, client) is not null)
        {
            // A try during a lock still counts, so trying slowly never ends it.
            throttle.Fail(user?.Id, client);
            if (user is not null) Remember(user, client);
            return (SignInOutcome.LockedOut, null);
        }
        if (user is null)
        {
            // Hash anyway so that unknown names take as long as wrong passwords.
            Hasher.HashPassword(new UserRecord(), password);
            return (throttle.Fail(null, client) ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
        }

        var verified = !user.Disabled && Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (verified)
        {
            throttle.Succeeded(user.Id, client);
            audit.Record(user.UserName, AuditActions.SignedIn, user.UserName, $"from {client}");
            return (SignInOutcome.Succeeded, user);
        }

        bool locked = throttle.Fail(user.Id, client);
        Remember(user, client);
        audit.Record(user.UserName, locked ? AuditActions.LockedOut : AuditActions.SignInFailed, user.UserName, $"from {client}");
        return (locked ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
    }

    public static string Hash(UserRecord user, string password) => Hasher.HashPassword(user, password);

    /// <summary>The client a request comes from, as lockouts count it.</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private void Remember(UserRecord user, string client)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        users.Update(user.UserName, u =>
        {
            u.Failures.Add(new SignInFailure { At = now, Client = client });
            if (u.Failures.Count > SignInFailure.MaxKept) u.Failures.RemoveRange(0, u.Failures.Count - SignInFailure.MaxKept);
        });
    }
}
