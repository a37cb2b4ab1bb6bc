using TuneStudio.Storage.Reviews;

namespace TuneStudio.Storage.Tests.Reviews;

public class AgreementTests
{
    [Fact]
    public void Two_annotators_on_an_overlapping_sample_give_the_hand_computed_Cohens_kappa()
    {
        // annie: a a a a a b b b b b
        // bob:   a a a b b b b b b a
        // observed agreement po = 7/10 (items 1-3 and 6-9); annie's marginals a .5 b .5, bob's a .4 b .6,
        // chance pe = .5·.4 + .5·.6 = .5, so kappa = (.7 − .5) / (1 − .5) = 0.4.
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie", "bob"], overlap: 2);
        string annie = "aaaaabbbbb", bob = "aaabbbbbba";
        for (int i = 0; i < 10; i++)
        {
            fixture.Label(task.Id, "annie", i + 1, annie[i].ToString());
            fixture.Label(task.Id, "bob", i + 1, bob[i].ToString());
        }

        var summary = fixture.Reviews.Summary(task.Id)!;
        Assert.Equal("cohen", summary.AgreementMeasure);
        Assert.Equal(10, summary.AgreementItems);
        Assert.Equal(0.4, summary.Kappa!.Value, 10);
        Assert.Equal(3, summary.Conflicts);
    }

    [Fact]
    public void Three_annotators_give_the_hand_computed_Fleiss_kappa()
    {
        // Five items, three labels each: aaa, aab, bbb, abb, aaa.
        // Per-item agreement P_i = (Σ n_ij² − 3) / 6: 1, 1/3, 1, 1/3, 1, so P̄ = 11/15.
        // Label shares: a 9/15 = .6, b .4, so P̄e = .36 + .16 = .52, and kappa = (11/15 − .52) / .48 = 4/9.
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie", "bob", "cleo"], overlap: 3, new ReviewSelection(ReviewSelection.List, Rows: [1, 2, 3, 4, 5]));
        string[] items = ["aaa", "aab", "bbb", "abb", "aaa"];
        string[] users = ["annie", "bob", "cleo"];
        for (int i = 0; i < items.Length; i++)
        for (int u = 0; u < 3; u++)
            fixture.Label(task.Id, users[u], i + 1, items[i][u].ToString());

        var summary = fixture.Reviews.Summary(task.Id)!;
        Assert.Equal("fleiss", summary.AgreementMeasure);
        Assert.Equal(5, summary.AgreementItems);
        Assert.Equal(4.0 / 9, summary.Kappa!.Value, 10);
    }

    [Fact]
    public void Round_robin_gives_each_item_to_overlap_many_annotators_in_turn()
    {
        using var fixture = new ReviewFixture();
        var task = fixture.CreateTask(["annie", "bob", "cleo"], overlap: 2, new ReviewSelection(ReviewSelection.Sample, SampleSize: 6, Seed: 7));
        Assert.Equal(6, task.Items.Count);
        Assert.Equal(["annie", "bob"], task.Items[0].Assignees);
        Assert.Equal(["bob", "cleo"], task.Items[1].Assignees);
        Assert.Equal(["cleo", "annie"], task.Items[2].Assignees);
        Assert.Equal(task.Items.Select(i => i.Row), fixture.CreateTask(["annie"], 1, new ReviewSelection(ReviewSelection.Sample, SampleSize: 6, Seed: 7)).Items.Select(i => i.Row));
    }
}
