using TuneStudio.Storage.Reviews;
using TuneStudio.Storage.Tests.Datasets.Images;

namespace TuneStudio.Storage.Tests.Reviews;

public class SentenceAndImageReviewTests
{
    private const string Conll = "EU B-ORG\nrejects O\nGerman B-MISC\ncall O\n\nPeter B-PER\nBlackburn I-PER\n\nBrussels B-LOC\n1996-08-22 O\n";

    private static (TemporaryStudio Studio, string DatasetId) Sentences()
    {
        var studio = new TemporaryStudio();
        var id = studio.Datasets.Import(() => new MemoryStream(TestFiles.Utf8(Conll)), "ner.conll", "ner", DatasetTasks.TokenClassification, null).Dataset!.Id;
        return (studio, id);
    }

    private static SaveResult Answer(ReviewStore reviews, string taskId, int item, string user, string label) =>
        reviews.Annotate(taskId, item, user, new AnnotationInput(label, false, false, null, reviews.Get(taskId)!.Revision));

    [Fact]
    public void A_sentence_task_answers_with_entity_types_and_closing_makes_a_version_whose_diff_shows_the_changed_tags()
    {
        var (studio, id) = Sentences();
        using var _ = studio;
        var reviews = new ReviewStore(studio.Db);
        var (task, errors) = reviews.Create(new NewReviewTask(id, 1, null, new ReviewSelection(ReviewSelection.All), ["annie"]), "erin");
        Assert.Empty(errors);
        Assert.Equal(["LOC", "MISC", "ORG", "PER"], task!.Labels);
        var first = reviews.Next(task.Id, "annie")!;
        Assert.Equal((DatasetTasks.TokenClassification, "EU rejects German call", "B-ORG O B-MISC O"), (first.Task, first.Text, first.CurrentLabel));

        // "German call" becomes one MISC entity; Brussels's date stays O; Peter Blackburn is accepted unchanged.
        var edited = string.Join(' ', TagSpans.Label(first.CurrentLabel.Split(' '), 2, 3, "MISC"));
        Assert.Equal(SaveOutcome.Saved, Answer(reviews, task.Id, 1, "annie", edited).Outcome);
        Assert.Equal(SaveOutcome.Saved, Answer(reviews, task.Id, 2, "annie", "B-PER I-PER").Outcome);
        Assert.Equal(SaveOutcome.Saved, Answer(reviews, task.Id, 3, "annie", "B-LOC B-MISC").Outcome);

        var closed = reviews.Close(task.Id, "erin", (d, v, op) => studio.Datasets.ApplyOperation(d, v, op, "erin"));

        Assert.True(closed.Closed, closed.Message);
        var diff = studio.Datasets.Diff(id, 1, closed.Version!.Version)!;
        Assert.Equal((0, 0, 2), (diff.Added, diff.Removed, diff.Changed));
        Assert.Equal(
            ["0: B-ORG O B-MISC O → B-ORG O B-MISC I-MISC", "2: B-LOC O → B-LOC B-MISC"],
            diff.Changes.Select(c => $"{c.ToIndex}: {c.Before!.Label} → {c.After!.Label}").ToArray());
        Assert.All(diff.Changes, c => Assert.Equal(["label"], c.ChangedFields));
        Assert.Equal(1, closed.Version.LabelCounts["I-MISC"]);
        Assert.Equal("review task " + task.Id + ": 2 labels by annie", closed.Version.OperationParameters["summary"]);
    }

    [Theory]
    [InlineData("B-ORG O B-MISC", "has 4 tokens but the answer has 3 tags")]
    [InlineData("B-ORG O I-MISC O", "an I-MISC must follow B-MISC or I-MISC")]
    [InlineData("B-ORG O B-DATE O", "names no entity type")]
    public void A_sentence_answer_that_is_not_IOB2_over_its_tokens_is_refused_and_stores_nothing(string tags, string message)
    {
        var (studio, id) = Sentences();
        using var _ = studio;
        var reviews = new ReviewStore(studio.Db);
        var task = reviews.Create(new NewReviewTask(id, 1, null, new ReviewSelection(ReviewSelection.All), ["annie"]), "erin").Task!;

        var result = Answer(reviews, task.Id, 1, "annie", tags);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(message, result.Message);
        Assert.Empty(reviews.Get(task.Id)!.Items[0].Annotations);
    }

    [Fact]
    public void Agreement_on_sentences_is_counted_per_token()
    {
        var (studio, id) = Sentences();
        using var _ = studio;
        var reviews = new ReviewStore(studio.Db);
        var task = reviews.Create(new NewReviewTask(id, 1, null, new ReviewSelection(ReviewSelection.All), ["annie", "bob"], Overlap: 2), "erin").Task!;
        Answer(reviews, task.Id, 1, "annie", "B-ORG O B-MISC O");
        Answer(reviews, task.Id, 1, "bob", "B-ORG O B-MISC I-MISC");

        var summary = reviews.Summary(task.Id)!;

        // Four token pairs: (B-ORG,B-ORG) (O,O) (B-MISC,B-MISC) (O,I-MISC). po = 3/4; pe = 1/16 + 2/16 + 1/16 = 1/4.
        Assert.Equal(4, summary.AgreementItems);
        Assert.Equal((0.75 - 0.25) / (1 - 0.25), summary.Kappa!.Value, 9);
    }

    [Fact]
    public void An_image_task_relabels_images_and_each_dataset_holds_only_its_own_images()
    {
        using var studio = new TemporaryStudio();
        var zip = TestImages.Zip(("cat/a.png", TestImages.Png(seed: 1)), ("dog/b.png", TestImages.Png(seed: 2)));
        var pets = studio.Datasets.ImportImages([TestImages.Upload("pets.zip", zip)], "pets").Dataset!.Id;
        var other = studio.Datasets.ImportImages([TestImages.Upload("o.zip", TestImages.Zip(("x/c.png", TestImages.Png(seed: 3))))], "other").Dataset!.Id;
        var reviews = new ReviewStore(studio.Db);
        var task = reviews.Create(new NewReviewTask(pets, 1, null, new ReviewSelection(ReviewSelection.All), ["annie"]), "erin").Task!;

        var item = reviews.Next(task.Id, "annie")!;
        Assert.Equal(DatasetTasks.ImageClassification, item.Task);
        var hash = ImageReference.Parse(item.Text)!.Hash;
        Assert.Equal(SaveOutcome.Saved, Answer(reviews, task.Id, 1, "annie", "dog").Outcome);
        var closed = reviews.Close(task.Id, "erin", (d, v, op) => studio.Datasets.ApplyOperation(d, v, op, "erin"));

        Assert.Equal(["cat → dog"], studio.Datasets.Diff(pets, 1, 2)!.Changes.Select(c => $"{c.Before!.Label} → {c.After!.Label}").ToArray());
        Assert.True(studio.Datasets.HoldsImage(pets, hash));
        Assert.False(studio.Datasets.HoldsImage(other, hash));
        Assert.True(closed.Closed);
    }
}
