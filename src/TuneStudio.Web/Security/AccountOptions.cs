namespace TuneStudio.Web.Security;

// Bound from "TuneStudio:Accounts".
public sealed class AccountOptions
{
    public const string Section = "TuneStudio:Accounts";

    // Failed passwords for one account from one client (IP address) within the window that lock that client out of it.
    public int LockoutFailures { get; set; } = 5;
    // Failures from one client across all accounts (unknown names included) that lock it out of every account.
    public int ClientLockoutFailures { get; set; } = 20;
    public int LockoutWindowMinutes { get; set; } = 15;
    public int LockoutMinutes { get; set; } = 15;
    public int SessionHours { get; set; } = 8;
    public int TokenDays { get; set; } = 90;
    // How often an open page checks that its sign-in still stands.
    public int RevalidateSeconds { get; set; } = 10;
}
