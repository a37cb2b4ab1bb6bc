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
    // The latest failed sign-ins (newest last, at most MaxFailures), kept to tell the owner their account was tried;
    // FailuresSeenAt is when they last read that warning. Locks themselves live in memory (Web/Security/SignInThrottle).
    public List<SignInFailure> Failures { get; set; } = [];
    public DateTime? FailuresSeenAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class SignInFailure
{
    public const int MaxKept = 50;

    public DateTime At { get; set; }
    public string Client { get; set; } = "";
}
