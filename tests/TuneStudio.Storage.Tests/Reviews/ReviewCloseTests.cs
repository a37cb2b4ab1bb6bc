using TuneStudio.Storage.Reviews;

namespace TuneStudio.Storage.Tests.Reviews;

public class ReviewCloseTests
{
    [Fact]
    public void Closing_makes_a_version_whose_diff_is_exactly_the_scripted_relabels()
    {
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie"], 1);
        fixture.Label(task.Id, "annie", 2, "b");   // row 1: a → b
        fixture.Label(task.Id, "annie", 8, "a");   // row 7: b → a
        fixture.Label(task.Id, "annie", 6, "b");   // row 5: unchanged
        var reviews = fixture.Reviews;
        Assert.Equal(SaveOutcome.Saved, reviews.Annotate(task.Id, 4, "annie", new AnnotationInput(null, true, false, null, reviews.Get(task.Id)!.Revision)).Outcome);
        Assert.Equal(SaveOutcome.Saved, reviews.Annotate(task.Id, 5, "annie", new AnnotationInput(null, false, true, "unsure", reviews.Get(task.Id)!.Revision)).Outcome);
        Assert.Equal(5, Assert.Single(reviews.Conflicts(task.Id)).ItemId);
        Assert.Equal(SaveOutcome.Saved, reviews.Resolve(task.Id, 5, "erin", "b", reviews.Get(task.Id)!.Revision).Outcome); // row 4: a → b

        var closed = reviews.Close(task.Id, "erin", (id, version, op) => fixture.Studio.Datasets.ApplyOperation(id, version, op, "erin"));

        Assert.True(closed.Closed);
        Assert.Equal(2, closed.Version!.Version);
        Assert.Equal($"review task {task.Id}: 2 labels by annie, 1 label by erin", closed.Version.OperationParameters["summary"]);
        Assert.Equal("erin", closed.Version.CreatedBy);
        var diff = fixture.Studio.Datasets.Diff(fixture.DatasetId, 1, 2)!;
        Assert.Equal((0, 0, 3), (diff.Added, diff.Removed, diff.Changed));
        Assert.Equal(
            ["1: a → b", "4: a → b", "7: b → a"],
            diff.Changes.Select(c => $"{c.ToIndex}: {c.Before!.Label} → {c.After!.Label}").ToArray());
        Assert.All(diff.Changes, c => Assert.Equal(["label"], c.ChangedFields));
        Assert.True(reviews.Get(task.Id)!.Closed);
        Assert.False(reviews.Close(task.Id, "erin", (id, version, op) => throw new InvalidOperationException("closed twice")).Closed);
    }
}
