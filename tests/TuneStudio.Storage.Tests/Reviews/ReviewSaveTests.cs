using TuneStudio.Storage.Reviews;

namespace TuneStudio.Storage.Tests.Reviews;

public class ReviewSaveTests
{
    [Fact]
    public void A_save_based_on_a_stale_revision_is_refused_and_overwrites_nothing()
    {
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie"], 1);
        var opened = fixture.Reviews.Next(task.Id, "annie")!;

        // The same item open twice (two windows): the first save wins, the second is told who changed it.
        var first = fixture.Reviews.Annotate(task.Id, opened.ItemId, "annie", new AnnotationInput("b", false, false, null, opened.BasedOn));
        var second = fixture.Reviews.Annotate(task.Id, opened.ItemId, "annie", new AnnotationInput("a", false, false, null, opened.BasedOn));

        Assert.Equal(SaveOutcome.Saved, first.Outcome);
        Assert.Equal(SaveOutcome.Conflict, second.Outcome);
        Assert.Equal("b", second.TheirLabel);
        Assert.Equal("b", fixture.Reviews.Get(task.Id)!.Items[0].Annotations.Single().Label);

        // "Use mine": saving again based on the revision the conflict reported goes through.
        var mine = fixture.Reviews.Annotate(task.Id, opened.ItemId, "annie", new AnnotationInput("a", false, false, null, second.CurrentRevision));
        Assert.Equal(SaveOutcome.Saved, mine.Outcome);
        Assert.Equal("a", fixture.Reviews.Get(task.Id)!.Items[0].Annotations.Single().Label);
    }

    [Fact]
    public void A_reviewer_and_an_annotator_never_overwrite_each_other_silently()
    {
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie"], 1);
        var opened = fixture.Reviews.Next(task.Id, "annie")!;
        var reviewerSaw = fixture.Reviews.Get(task.Id)!.Revision;

        fixture.Label(task.Id, "annie", opened.ItemId, "b");
        var resolve = fixture.Reviews.Resolve(task.Id, opened.ItemId, "erin", "a", reviewerSaw);
        Assert.Equal(SaveOutcome.Conflict, resolve.Outcome);
        Assert.Equal("annie", resolve.ChangedBy);
        Assert.Null(fixture.Reviews.Get(task.Id)!.Items[0].ResolvedLabel);

        Assert.Equal(SaveOutcome.Saved, fixture.Reviews.Resolve(task.Id, opened.ItemId, "erin", "a", resolve.CurrentRevision).Outcome);
        var late = fixture.Reviews.Annotate(task.Id, opened.ItemId, "annie", new AnnotationInput("b", false, false, null, opened.BasedOn + 1));
        Assert.Equal(SaveOutcome.Conflict, late.Outcome);
        Assert.Equal("erin", late.ChangedBy);
        Assert.Equal("a", fixture.Reviews.Get(task.Id)!.Items[0].ResolvedLabel);

        // "Use mine", having seen erin's label: annie's choice now stands, and closing credits her.
        Assert.Equal(SaveOutcome.Saved, fixture.Reviews.Annotate(task.Id, opened.ItemId, "annie", new AnnotationInput("b", false, false, null, late.CurrentRevision)).Outcome);
        Assert.Null(fixture.Reviews.Get(task.Id)!.Items[0].ResolvedLabel);
        Assert.Equal("b", fixture.Reviews.Get(task.Id)!.Items[0].Annotations.Single().Label);
    }

    [Fact]
    public void Only_assigned_annotators_may_answer_and_only_with_a_known_label()
    {
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie"], 1);
        Assert.Equal(SaveOutcome.NotAssigned, fixture.Reviews.Annotate(task.Id, 1, "bob", new AnnotationInput("a", false, false, null, 0)).Outcome);
        Assert.Equal(SaveOutcome.Invalid, fixture.Reviews.Annotate(task.Id, 1, "annie", new AnnotationInput("zebra", false, false, null, 0)).Outcome);
        Assert.Equal(SaveOutcome.Invalid, fixture.Reviews.Annotate(task.Id, 1, "annie", new AnnotationInput(null, false, true, " ", 0)).Outcome);
        Assert.Empty(fixture.Reviews.Get(task.Id)!.Items[0].Annotations);
    }
}
