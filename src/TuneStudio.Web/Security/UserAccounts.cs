using System.Security.Cryptography;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Security;

// Creating and changing users; every change is written to the audit trail under the name of whoever made it.
public sealed class UserAccounts(UserStore users, AuditLog audit)
{
    public const int MinPasswordLength = 8;

    public IReadOnlyList<UserRecord> List() => users.List();

    public UserRecord? Get(string userName) => users.Get(userName);

    /// <summary>Null on success, otherwise what is wrong with the request.</summary>
    public string? Create(string userName, string password, string role, string by)
    {
        userName = userName?.Trim() ?? "";
        if (userName.Length is 0 or > 64 || !userName.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
            return "A user name is 1 to 64 letters, digits, dots, dashes or underscores.";
        if (!Roles.IsKnown(role)) return $"Unknown role '{role}'.";
        if ((password ?? "").Length < MinPasswordLength) return $"A password has at least {MinPasswordLength} characters.";

        var user = new UserRecord { UserName = userName, Role = role, SecurityStamp = NewStamp() };
        user.PasswordHash = PasswordSignIn.Hash(user, password!);
        if (!users.TryCreate(user)) return $"The user name '{userName}' is taken.";
        audit.Record(by, AuditActions.UserCreated, userName, $"role {role}");
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

    public string? ResetPassword(string userName, string password, string by)
    {
        if ((password ?? "").Length < MinPasswordLength) return $"A password has at least {MinPasswordLength} characters.";
        var updated = users.Update(userName, u =>
        {
            u.PasswordHash = PasswordSignIn.Hash(u, password!);
            u.SecurityStamp = NewStamp();
            u.LockedUntil = null;
            u.RecentFailures.Clear();
        });
        if (updated is null) return $"There is no user '{userName}'.";
        audit.Record(by, AuditActions.PasswordReset, userName);
        return null;
    }

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
