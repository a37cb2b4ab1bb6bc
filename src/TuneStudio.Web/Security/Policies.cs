using Microsoft.AspNetCore.Authorization;

namespace TuneStudio.Web.Security;

// Every page, endpoint and hub method names one of these; the access matrix test holds them to it.
public static class Policies
{
    // Anything a signed-in user may look at: runs, datasets, models, checkpoints.
    public const string Read = "read";
    // Changes to datasets and runs: upload, start, cancel.
    public const string Train = "train";
    // Users, their roles and the audit trail.
    public const string ManageUsers = "manage-users";
    // Answering review tasks: annotators, and the engineers and admins who run reviews.
    public const string Review = "review";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Read] = Roles.All,
        [Train] = [Roles.Admin, Roles.Engineer],
        [ManageUsers] = [Roles.Admin],
        [Review] = [Roles.Admin, Roles.Engineer, Roles.Annotator],
    };

    public static void AddStudioPolicies(this AuthorizationOptions options)
    {
        foreach (var (name, roles) in AllowedRoles)
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
    }
}
