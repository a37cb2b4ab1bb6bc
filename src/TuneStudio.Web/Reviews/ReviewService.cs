using TuneStudio.Storage;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Reviews;

// Review tasks for the API and the pages alike: checks annotators against the users, and audits creation and closing.
public sealed class ReviewService(ReviewStore reviews, DatasetUploads uploads, UserStore users, AuditLog audit)
{
    public ReviewStore Store => reviews;

    public (ReviewTaskDocument? Task, IReadOnlyList<ValidationError> Errors) Create(NewReviewTask request, string by)
    {
        var named = new List<string>();
        foreach (var name in request.Annotators)
        {
            var user = users.Get(name);
            if (user is null || user.Disabled || !Policies.AllowedRoles[Policies.Review].Contains(user.Role))
                return (null, [new ValidationError(0, "annotators", $"'{name}' is not an enabled user who may review (annotator, engineer or admin).")]);
            named.Add(user.UserName);
        }
        var (task, errors) = reviews.Create(request with { Annotators = named }, by);
        if (task is not null)
            audit.Record(by, AuditActions.ReviewCreated, task.Id,
                $"{task.Name}: {task.Items.Count} items of {task.DatasetId} v{task.Version} ({task.Selection}) for {string.Join(", ", task.Annotators)}, overlap {task.Overlap}");
        return (task, errors);
    }

    // The new version goes through DatasetUploads, so it is audited like any other operation.
    public CloseResult Close(string taskId, string by)
    {
        var result = reviews.Close(taskId, by, (datasetId, version, relabel) => uploads.ApplyOperation(datasetId, version, relabel, by));
        if (result.Closed)
            audit.Record(by, AuditActions.ReviewClosed, taskId, result.Version is { } v ? $"{v.DatasetId} v{v.Version}: {result.Message}" : result.Message ?? "");
        return result;
    }
}
