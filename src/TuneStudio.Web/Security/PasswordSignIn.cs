using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Security;

public enum SignInOutcome { Succeeded, Invalid, LockedOut }

// Checks a user name and password, counting failures towards lockout. The browser's sign-in form and
// POST /api/auth/token both come through here, so both count.
public sealed class PasswordSignIn(UserStore users, AuditLog audit, IOptions<AccountOptions> options, TimeProvider clock)
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    // via: where the attempt came from ("browser", "api token"), for the audit entry each attempt leaves.
    public (SignInOutcome Outcome, UserRecord? User) Check(string? userName, string? password, string via = "browser")
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return (SignInOutcome.Invalid, null);
        var user = users.Get(userName);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            // Hash anyway so that unknown names take as long as wrong passwords.
            Hasher.HashPassword(new UserRecord(), password);
            var typed = userName.Trim();
            typed = typed.Length > MaxAuditedName ? typed[..MaxAuditedName] + "…" : typed;
            audit.Record(typed, AuditActions.SignInFailed, typed, $"{via}: no such user");
            return (SignInOutcome.Invalid, null);
        }
        if (user.LockedUntil > now)
        {
            audit.Record(user.UserName, AuditActions.SignInFailed, user.UserName, $"{via}: locked out until {user.LockedUntil:yyyy-MM-dd HH:mm:ss} UTC");
            return (SignInOutcome.LockedOut, null);
        }

        var verified = !user.Disabled && Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (verified)
        {
            users.Update(user.UserName, u => { u.RecentFailures.Clear(); u.LockedUntil = null; });
            audit.Record(user.UserName, AuditActions.SignedIn, user.UserName, via);
            return (SignInOutcome.Succeeded, user);
        }

        var o = options.Value;
        bool locked = false;
        users.Update(user.UserName, u =>
        {
            u.RecentFailures.RemoveAll(t => t < now.AddMinutes(-o.LockoutWindowMinutes));
            u.RecentFailures.Add(now);
            if (u.RecentFailures.Count >= o.LockoutFailures)
            {
                u.LockedUntil = now.AddMinutes(o.LockoutMinutes);
                u.RecentFailures.Clear();
                locked = true;
            }
        });
        audit.Record(user.UserName, locked ? AuditActions.LockedOut : AuditActions.SignInFailed, user.UserName,
            $"{via}: {(user.Disabled ? "user is disabled" : "wrong password")}");
        return (locked ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
    }

    // An unknown name is whatever was typed: kept short in the audit log.
    private const int MaxAuditedName = 100;

    public static string Hash(UserRecord user, string password) => Hasher.HashPassword(user, password);
}
