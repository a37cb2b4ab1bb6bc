using TuneStudio.Storage;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Reviews;

// Review tasks for the API and the pages alike: checks annotators against the users, and audits every change
// (creation, each answer and its undo, resolutions, label definitions, closing).
public sealed class ReviewService(ReviewStore reviews, DatasetUploads uploads, UserStore users, LabelDefinitionStore definitions, AuditLog audit)
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

    /// <summary>The users a task may be assigned to (the annotator picker's choices): enabled, with the review policy.</summary>
    public IReadOnlyList<string> PossibleAnnotators() =>
        users.List().Where(u => !u.Disabled && Policies.AllowedRoles[Policies.Review].Contains(u.Role))
            .Select(u => u.UserName).Order(StringComparer.OrdinalIgnoreCase).ToList();

    public SaveResult Annotate(string taskId, int itemId, string user, AnnotationInput input)
    {
        var result = reviews.Annotate(taskId, itemId, user, input);
        if (result.Outcome == SaveOutcome.Saved)
            audit.Record(user, AuditActions.ReviewAnswered, ItemTarget(taskId, itemId), $"{RowOf(taskId, itemId)}: {Describe(input.Label, input.Skip, input.Flag ? input.Comment?.Trim() : null)}");
        return result;
    }

    public UndoResult Undo(string taskId, string user)
    {
        var result = reviews.Undo(taskId, user);
        if (result is { Outcome: SaveOutcome.Saved, Item: { } item, Removed: { } removed })
            audit.Record(user, AuditActions.ReviewAnswerUndone, ItemTarget(taskId, item.ItemId),
                $"{RowOf(taskId, item.ItemId)}: took back {Describe(removed.Label, removed.Skipped, removed.FlagComment)}");
        return result;
    }

    public SaveResult Resolve(string taskId, int itemId, string reviewer, string label, long basedOn)
    {
        var result = reviews.Resolve(taskId, itemId, reviewer, label, basedOn);
        if (result.Outcome == SaveOutcome.Saved)
            audit.Record(reviewer, AuditActions.ReviewConflictResolved, ItemTarget(taskId, itemId), $"{RowOf(taskId, itemId)}: resolved as {label}");
        return result;
    }

    public void SaveDefinitions(string datasetId, int version, IReadOnlyDictionary<string, LabelDefinition> labels, string by)
    {
        var before = definitions.Get(datasetId, version);
        definitions.Save(datasetId, version, labels, by);
        var changed = labels.Where(l => before.GetValueOrDefault(l.Key) is not { } old
                || old.Description != l.Value.Description.Trim() || old.Examples != l.Value.Examples.Trim())
            .Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
        audit.Record(by, AuditActions.LabelDefinitionsEdited, $"{datasetId} v{version}",
            changed.Count == 0 ? "saved unchanged" : $"changed {string.Join(", ", changed)}");
    }

    // The new version goes through DatasetUploads, so it is audited like any other operation.
    public CloseResult Close(string taskId, string by, bool force = false)
    {
        var unresolved = reviews.Conflicts(taskId).Count;
        var result = reviews.Close(taskId, by, (datasetId, version, relabel) => uploads.ApplyOperation(datasetId, version, relabel, by), force);
        if (result.Closed)
        {
            var forced = force && unresolved > 0 ? $" (closed with {unresolved} unresolved conflict{(unresolved == 1 ? "" : "s")})" : "";
            audit.Record(by, AuditActions.ReviewClosed, taskId, (result.Version is { } v ? $"{v.DatasetId} v{v.Version}: {result.Message}" : result.Message ?? "") + forced);
        }
        return result;
    }

    /// <summary>
    /// Where an annotator starts after signing in: the queue of their only open task with items left, else the list of
    /// their tasks. Null for anyone who may train (they start where they asked to).
    /// </summary>
    public string? LandingFor(string user, string role)
    {
        if (role != Roles.Annotator) return null;
        var open = reviews.List()
            .Where(t => !t.Closed && t.Annotators.Contains(user, StringComparer.OrdinalIgnoreCase) && reviews.Next(t.Id, user) is not null)
            .ToList();
        return open.Count == 1 ? $"/review/{open[0].Id}" : "/review";
    }

    private static string ItemTarget(string taskId, int itemId) => $"{taskId} item {itemId}";

    // From the stored task, whose rows are positions: people read them from 1.
    private string RowOf(string taskId, int itemId) =>
        reviews.Get(taskId)?.Items.FirstOrDefault(i => i.ItemId == itemId) is { } item ? $"row {item.Row + 1}" : $"item {itemId}";

    private static string Describe(string? label, bool skipped, string? flag) =>
        skipped ? "skipped" : flag is not null ? $"flagged \"{flag}\"{(label is null ? "" : $" with {label}")}" : $"labelled {label}";
}
