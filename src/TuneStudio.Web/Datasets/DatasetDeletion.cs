using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Storage.Reviews;

namespace TuneStudio.Web.Datasets;

/// <summary>Deleted, or why not: no such dataset, or the runs and review tasks that still use it.</summary>
public sealed record DeletionOutcome(DatasetRemoved? Removed, bool Found, string? Refusal)
{
    public bool Deleted => Removed is not null;
}

/// <summary>
/// Deleting a dataset, for the page and the API: refused while a run that has not ended trains on it or an open review
/// task reviews it (naming them), otherwise the dataset goes with every version and its unshared image blobs, audited.
/// Ended runs keep their records (they name the dataset, which then no longer opens).
/// </summary>
public sealed class DatasetDeletion(DatasetStore datasets, RunStore runs, ReviewStore reviews, AuditLog audit)
{
    /// <summary>What would stop the deletion now, in words; null when nothing does.</summary>
    public string? BlockedBy(string datasetId)
    {
        var active = runs.List().Where(r => r.DatasetId == datasetId && !RunStatus.IsTerminal(r.Status)).ToList();
        var open = reviews.List().Where(t => t.DatasetId == datasetId && !t.Closed).ToList();
        if (active.Count == 0 && open.Count == 0) return null;
        var users = new List<string>();
        users.AddRange(active.Select(r => $"run {r.Id} ({r.Name}, {r.Status}, v{r.DatasetVersion})"));
        users.AddRange(open.Select(t => $"review task {t.Id} ({t.Name}, v{t.Version})"));
        var advice = (active.Count > 0, open.Count > 0) switch
        {
            (true, true) => "cancel or wait for the run and close the review first",
            (true, false) => "cancel it or wait for it to end first",
            _ => "close the review first",
        };
        return $"The dataset is in use by {string.Join(" and ", users)}; {advice}.";
    }

    public DeletionOutcome Delete(string datasetId, string by)
    {
        if (datasets.Get(datasetId) is null) return new DeletionOutcome(null, false, null);
        if (BlockedBy(datasetId) is { } refusal) return new DeletionOutcome(null, true, refusal);
        var removed = datasets.Delete(datasetId);
        if (removed is null) return new DeletionOutcome(null, false, null);
        var blobs = removed.Dataset.Task == DatasetTasks.ImageClassification
            ? $", {removed.BlobsRemoved} image file(s) removed, {removed.BlobsKept} kept (used by other datasets or an import under way)"
            : "";
        audit.Record(by, AuditActions.DatasetDeleted, datasetId, $"{removed.Dataset.Name}: {removed.Versions} version(s), {removed.Dataset.Rows} rows{blobs}");
        return new DeletionOutcome(removed, true, null);
    }
}
