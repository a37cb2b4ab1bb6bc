using TuneStudio.Storage.Reviews;

namespace TuneStudio.Storage.Tests.Reviews;

/// <summary>Ten rows t0..t9: t0-t4 labelled "a", t5-t9 labelled "b"; and helpers to script answers.</summary>
internal sealed class ReviewFixture : IDisposable
{
    public readonly TemporaryStudio Studio = new();
    public readonly string DatasetId;

    public ReviewFixture()
    {
        var csv = "text,label\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"t{i},{(i < 5 ? "a" : "b")}\n"));
        DatasetId = Studio.Import(csv, "ten.csv").Dataset!.Id;
    }

    public ReviewStore Reviews => new(Studio.Db);

    public ReviewTaskDocument CreateTask(IReadOnlyList<string> annotators, int overlap, ReviewSelection? selection = null)
    {
        var (task, errors) = Reviews.Create(new NewReviewTask(DatasetId, 1, "test", selection ?? new ReviewSelection(ReviewSelection.All), annotators, overlap), "erin");
        Assert.Empty(errors);
        return task!;
    }

    /// <summary>Labels item n (1-based, in row order) as <paramref name="user"/>, based on the task's current revision.</summary>
    public void Label(string taskId, string user, int itemId, string label)
    {
        var basedOn = Reviews.Get(taskId)!.Revision;
        Assert.Equal(SaveOutcome.Saved, Reviews.Annotate(taskId, itemId, user, new AnnotationInput(label, false, false, null, basedOn)).Outcome);
    }

    public void Dispose() => Studio.Dispose();
}
