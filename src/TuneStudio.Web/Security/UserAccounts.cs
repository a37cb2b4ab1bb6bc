using System.Security.Cryptography;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Security;

/// <summary>Failed sign-ins the owner has not yet seen: how many, since when, from how many clients, the latest.</summary>
public sealed record FailedSignIns(int Count, DateTime? Since, int Clients, SignInFailure? Latest);

// Creating and changing users; every change is written to the audit trail under the name of whoever made it.
public sealed class UserAccounts(UserStore users, AuditLog audit, SignInThrottle throttle, ApiTokens tokens)
{
    public const int MinPasswordLength = 8;

    public IReadOnlyList<UserRecord> List() => users.List();

    public UserRecord? Get(string userName) => users.Get(userName);

    /// <summary>Null on success, otherwise what is wrong with the request.</summary>
    public string? Create(string userName, string password, string role, string by)
    {
        userName = userName?.Trim() ?? "";
        if (CheckNew(userName, password, role) is { } error) return error.Message;

        var user = new UserRecord { UserName = userName, Role = role, SecurityStamp = NewStamp() };
        user.PasswordHash = PasswordSignIn.Hash(user, password!);
        if (!users.TryCreate(user)) return $"The user name '{userName}' is taken.";
        audit.Record(by, AuditActions.UserCreated, userName, $"role {role}");
        return null;
    }

    /// <summary>What is wrong with a new user's fields, naming the field (API names), or null.</summary>
    public static FieldError? CheckNew(string? userName, string? password, string? role)
    {
        userName = userName?.Trim() ?? "";
        if (userName.Length is 0 or > 64 || !userName.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
            return new("userName", "A user name is 1 to 64 letters, digits, dots, dashes or underscores.");
        if (!Roles.IsKnown(role ?? "")) return new("role", $"Unknown role '{role}'.");
        if ((password ?? "").Length < MinPasswordLength) return new("password", $"A password has at least {MinPasswordLength} characters.");
        return null;
    }

    // Changing the role ends the user's sessions, so no page keeps rights it no longer has.
    public string? ChangeRole(string userName, string role, string by)
    {
        if (!Roles.IsKnown(role)) return $"Unknown role '{role}'.";
        if (role != Roles.Admin && IsLastActiveAdmin(userName)) return LastAdmin;
        string? old = null;
        if (users.Update(userName, u => { old = u.Role; u.Role = role; u.SecurityStamp = NewStamp(); }) is null) return $"There is no user '{userName}'.";
        if (old != role) audit.Record(by, AuditActions.RoleChanged, userName, $"{old} → {role}");
        return null;
    }

    public string? SetDisabled(string userName, bool disabled, string by)
    {
        if (disabled && IsLastActiveAdmin(userName)) return LastAdmin;
        if (users.Update(userName, u => { u.Disabled = disabled; u.SecurityStamp = NewStamp(); }) is null) return $"There is no user '{userName}'.";
        audit.Record(by, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, userName);
        return null;
    }

    // A reset is usually the answer to a leak, so by default the user's tokens go with the old password.
    public string? ResetPassword(string userName, string password, string by, bool revokeTokens = true)
    {
        if ((password ?? "").Length < MinPasswordLength) return $"A password has at least {MinPasswordLength} characters.";
        var updated = users.Update(userName, u =>
        {
            u.PasswordHash = PasswordSignIn.Hash(u, password!);
            u.SecurityStamp = NewStamp();
        });
        if (updated is null) return $"There is no user '{userName}'.";
        throttle.Unlock(updated.Id);
        int revoked = 0;
        if (revokeTokens)
            foreach (var token in tokens.ListFor(updated.UserName).Where(t => t.RevokedAt is null))
                if (tokens.Revoke(updated.UserName, token.Id, by)) revoked++;
        audit.Record(by, AuditActions.PasswordReset, updated.UserName, revokeTokens ? $"{revoked} token(s) revoked" : "tokens kept");
        return null;
    }

    /// <summary>The clients now locked out of the user's account.</summary>
    public IReadOnlyList<ClientLock> Locks(string userName) => throttle.LocksOf(UserStore.IdOf(userName));

    /// <summary>Lifts every client's lock on the account; null on success, otherwise what is wrong.</summary>
    public string? Unlock(string userName, string by)
    {
        var user = users.Get(userName);
        if (user is null) return $"There is no user '{userName}'.";
        int lifted = throttle.Unlock(user.Id);
        audit.Record(by, AuditActions.UserUnlocked, user.UserName, $"{lifted} client lock(s) lifted");
        return null;
    }

    public FailedSignIns FailedSignInsOf(string userName)
    {
        var user = users.Get(userName);
        var unseen = user?.Failures.Where(f => user.FailuresSeenAt is null || f.At > user.FailuresSeenAt).ToList() ?? [];
        return new FailedSignIns(unseen.Count, unseen.FirstOrDefault()?.At, unseen.Select(f => f.Client).Distinct().Count(), unseen.LastOrDefault());
    }

    /// <summary>The owner has read the warning about failed sign-ins; it shows again only for newer ones.</summary>
    public void AcknowledgeFailedSignIns(string userName) =>
        users.Update(userName, u => u.FailuresSeenAt = u.Failures.LastOrDefault()?.At ?? u.FailuresSeenAt);

    /// <summary>Ends every cookie session and open page of the user (API tokens live on until revoked).</summary>
    public void EndSessions(string userName) => users.Update(userName, u => u.SecurityStamp = NewStamp());

    private const string LastAdmin = "The studio needs at least one active admin; make someone else admin first.";

    // Without an admin nobody could manage users again, short of moving the database aside.
    private bool IsLastActiveAdmin(string userName)
    {
        var admins = users.List().Where(u => u.Role == Roles.Admin && !u.Disabled).ToList();
        return admins.Count == 1 && admins[0].Id == UserStore.IdOf(userName);
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
