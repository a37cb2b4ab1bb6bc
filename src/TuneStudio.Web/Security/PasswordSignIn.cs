using Microsoft.AspNetCore.Identity;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Security;

public enum SignInOutcome { Succeeded, Invalid, LockedOut }

// Checks a user name and password from a client (its IP address), counting failures towards that client's lockout
// (SignInThrottle). The browser's sign-in form and POST /api/auth/token both come through here, so both count, and
// every attempt leaves an audit entry.
public sealed class PasswordSignIn(UserStore users, AuditLog audit, SignInThrottle throttle, TimeProvider clock)
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    // An unknown name is whatever was typed: kept short in the audit log.
    private const int MaxAuditedName = 100;

    // via: where the attempt came from ("browser", "api token"), for the audit entry.
    public (SignInOutcome Outcome, UserRecord? User) Check(string? userName, string? password, string client, string via = "browser")
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return (SignInOutcome.Invalid, null);
        var user = users.Get(userName);
        var from = $"{via} from {client}";
        if (throttle.LockedUntil(user?.Id, client) is { } until)
        {
            // A try during a lock still counts, so trying slowly never ends it.
            throttle.Fail(user?.Id, client);
            if (user is not null) Remember(user, client);
            var name = user?.UserName ?? Typed(userName);
            audit.Record(name, AuditActions.SignInFailed, name, $"{from}: locked out until {StudioTimeText(until)}");
            return (SignInOutcome.LockedOut, null);
        }
        if (user is null)
        {
            // Hash anyway so that unknown names take as long as wrong passwords.
            Hasher.HashPassword(new UserRecord(), password);
            var typed = Typed(userName);
            audit.Record(typed, AuditActions.SignInFailed, typed, $"{from}: no such user");
            return (throttle.Fail(null, client) ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
        }

        var verified = !user.Disabled && Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (verified)
        {
            throttle.Succeeded(user.Id, client);
            audit.Record(user.UserName, AuditActions.SignedIn, user.UserName, from);
            return (SignInOutcome.Succeeded, user);
        }

        bool locked = throttle.Fail(user.Id, client);
        Remember(user, client);
        audit.Record(user.UserName, locked ? AuditActions.LockedOut : AuditActions.SignInFailed, user.UserName,
            $"{from}: {(user.Disabled ? "user is disabled" : "wrong password")}");
        return (locked ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
    }

    public static string Hash(UserRecord user, string password) => Hasher.HashPassword(user, password);

    /// <summary>The client a request comes from, as lockouts count it.</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Typed(string userName)
    {
        var typed = userName.Trim();
        return typed.Length > MaxAuditedName ? typed[..MaxAuditedName] + "…" : typed;
    }

    private static string StudioTimeText(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z";

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
