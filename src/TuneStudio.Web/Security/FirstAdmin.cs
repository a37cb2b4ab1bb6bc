using System.Security.Cryptography;
using TuneStudio.Storage.Accounts;

namespace TuneStudio.Web.Security;

// On first start there is nobody to sign in as: create "admin" with TuneStudio:AdminPassword, or with a generated
// password written once to the console (stdout, not the log, so it never lands in log files or sinks).
public static class FirstAdmin
{
    public const string UserName = "admin";

    public static void EnsureExists(IServiceProvider services, IConfiguration configuration)
    {
        var users = services.GetRequiredService<UserStore>();
        if (users.Any()) return;
        var configured = configuration["TuneStudio:AdminPassword"];
        var password = string.IsNullOrEmpty(configured)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_')
            : configured;
        var error = services.GetRequiredService<UserAccounts>().Create(UserName, password, Roles.Admin, "system");
        if (error is not null) throw new InvalidOperationException("TuneStudio:AdminPassword is not usable: " + error);
        if (string.IsNullOrEmpty(configured))
            Console.WriteLine($"TuneStudio created the user '{UserName}' with the password {password} — sign in and keep it safe; it is not shown again.");
    }
}
