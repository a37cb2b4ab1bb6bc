using Microsoft.AspNetCore.Authorization;

namespace TuneStudio.Web.Security;

// Every page, endpoint and hub method names one of these; the access matrix test holds them to it.
public static class Policies
{
    // Anything a signed-in user may look at: runs, datasets, models, checkpoints.
    public const string Read = "read";
    // One dataset (its page, rows, versions, diff, images): every role, but an annotator only the datasets of their
    // review tasks (DatasetAccess, through ReadableDatasetRequirement).
    public const string ReadDataset = "read-dataset";
    // Changes to datasets and runs: upload, start, cancel.
    public const string Train = "train";
    // Users, their roles and the audit trail.
    public const string ManageUsers = "manage-users";
    // Answering review tasks: annotators, and the engineers and admins who run reviews.
    public const string Review = "review";

    /// <summary>Roles a policy admits only for some resources: an annotator reads only the datasets assigned to them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> LimitedRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [ReadDataset] = [Roles.Annotator],
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Read] = Roles.All,
        [ReadDataset] = Roles.All,
        [Train] = [Roles.Admin, Roles.Engineer],
        [ManageUsers] = [Roles.Admin],
        [Review] = [Roles.Admin, Roles.Engineer, Roles.Annotator],
    };

    public static void AddStudioPolicies(this AuthorizationOptions options)
    {
        foreach (var (name, roles) in AllowedRoles)
            options.AddPolicy(name, p =>
            {
                p.RequireAuthenticatedUser().RequireRole(roles);
                if (name == ReadDataset) p.AddRequirements(new ReadableDatasetRequirement());
            });
    }
}
