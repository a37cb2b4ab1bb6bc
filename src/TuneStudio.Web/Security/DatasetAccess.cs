using System.Security.Claims;
using TuneStudio.Storage.Reviews;

namespace TuneStudio.Web.Security;

// Who may read which dataset. Every role reads every dataset except annotators, who read only the datasets of the
// review tasks they are assigned to (open or closed, any version): what they review is all they see. The page, the
// API and the image endpoint ask here, through Policies.ReadDataset, and the datasets list filters with it.
public sealed class DatasetAccess(ReviewStore reviews)
{
    public bool MayRead(ClaimsPrincipal user, string? datasetId) =>
        !IsLimited(user) || (datasetId is not null && AssignedDatasets(user).Contains(datasetId));

    public IEnumerable<T> Readable<T>(ClaimsPrincipal user, IEnumerable<T> datasets, Func<T, string> idOf)
    {
        if (!IsLimited(user)) return datasets;
        var assigned = AssignedDatasets(user);
        return datasets.Where(d => assigned.Contains(idOf(d)));
    }

    private static bool IsLimited(ClaimsPrincipal user) => user.IsInRole(Roles.Annotator);

    private HashSet<string> AssignedDatasets(ClaimsPrincipal user)
    {
        var name = user.UserName();
        return reviews.List().Where(t => t.Annotators.Contains(name, StringComparer.OrdinalIgnoreCase)).Select(t => t.DatasetId).ToHashSet(StringComparer.Ordinal);
    }
}
