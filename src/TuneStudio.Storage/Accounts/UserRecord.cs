namespace TuneStudio.Storage.Accounts;

/// <summary>
/// A studio user as stored. <see cref="Id"/> is the user name in lower case, so names are unique regardless of case.
/// <see cref="PasswordHash"/> is what ASP.NET Core's PasswordHasher produced; the password itself is never stored.
/// <see cref="SecurityStamp"/> changes whenever the user's sessions must end (sign-out, role change, password reset, disable).
/// </summary>
public sealed class UserRecord
{
    public string Id { get; set; } = "";
    public string UserName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string Role { get; set; } = "";
    public bool Disabled { get; set; }
    public string SecurityStamp { get; set; } = "";
    public List<DateTime> RecentFailures { get; set; } = [];
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
}
