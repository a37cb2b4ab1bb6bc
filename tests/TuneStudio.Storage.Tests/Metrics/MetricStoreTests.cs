namespace TuneStudio.Storage.Tests.Metrics;

public class MetricStoreTests
{
    private static readonly DateTime Time = new(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    private static List<MetricRow> Steps(long from, long to, params string[] keys) =>
        [.. from.To(to).SelectMany(step => keys.Select(key => new MetricRow(step, key, step / 10.0, Time.AddMilliseconds(step))))];

    [Fact]
    public void Reading_after_a_step_returns_exactly_the_later_points_in_order()
    {
        using var studio = new TemporaryStudio();
        studio.Metrics.Append("run-1", Steps(1, 50, "train/loss", "lr"));
        studio.Metrics.Append("run-1", Steps(51, 120, "train/loss", "lr"));

        var points = studio.Metrics.Read("run-1", null, afterStep: 100);

        Assert.Equal(Steps(101, 120, "lr", "train/loss"), points);
        Assert.Equal(240, studio.Metrics.Read("run-1", null, afterStep: 0).Count);
        Assert.Equal(240, studio.Metrics.Read("run-1", null, afterStep: -1).Count);
        Assert.Empty(studio.Metrics.Read("run-1", null, afterStep: 120));
    }

    [Fact]
    public void A_key_filter_and_a_limit_narrow_the_points()
    {
        using var studio = new TemporaryStudio();
        studio.Metrics.Append("run-1", Steps(1, 30, "train/loss", "val/accuracy", "Val/Accuracy"));

        Assert.Equal(Steps(11, 30, "val/accuracy"), studio.Metrics.Read("run-1", "val/accuracy", afterStep: 10));
        Assert.Equal(Steps(11, 15, "train/loss"), studio.Metrics.Read("run-1", "train/loss", afterStep: 10, limit: 5));
        Assert.Empty(studio.Metrics.Read("run-1", "missing", afterStep: 0));
    }

    [Fact]
    public void Last_step_is_the_highest_logged_or_zero()
    {
        using var studio = new TemporaryStudio();
        Assert.Equal(0, studio.Metrics.LastStep("run-1"));

        studio.Metrics.Append("run-1", Steps(1, 9, "a"));
        studio.Metrics.Append("run-1", Steps(10, 1_234, "a", "b"));
        studio.Metrics.Append("run-10", Steps(5_000, 5_001, "a"));

        Assert.Equal(1_234, studio.Metrics.LastStep("run-1"));
        Assert.Equal(5_001, studio.Metrics.LastStep("run-10"));
    }

    [Fact]
    public void Runs_whose_ids_share_a_prefix_keep_their_points_apart()
    {
        using var studio = new TemporaryStudio();
        studio.Metrics.Append("run-1", Steps(1, 3, "a"));
        studio.Metrics.Append("run-10", Steps(1, 5, "a"));
        studio.Metrics.Append("run-1x", Steps(1, 7, "a"));

        Assert.Equal(3, studio.Metrics.Read("run-1", null, 0).Count);
        Assert.Equal(5, studio.Metrics.Read("run-10", null, 0).Count);
    }

    [Fact]
    public void A_point_logged_again_replaces_the_earlier_one()
    {
        using var studio = new TemporaryStudio();
        studio.Metrics.Append("run-1", [new MetricRow(5, "loss", 1.0, Time)]);

        studio.Metrics.Append("run-1", [new MetricRow(5, "loss", 0.5, Time), new MetricRow(6, "loss", 0.4, Time)]);

        Assert.Equal([new MetricRow(5, "loss", 0.5, Time), new MetricRow(6, "loss", 0.4, Time)], studio.Metrics.Read("run-1", "loss", 0));
    }

    [Fact]
    public void Bad_points_are_refused_before_anything_is_stored()
    {
        using var studio = new TemporaryStudio();

        Assert.ThrowsAny<ArgumentException>(() => studio.Metrics.Append("run-1", [new MetricRow(1, "ok", 1, Time), new MetricRow(-1, "loss", 1, Time)]));
        Assert.ThrowsAny<ArgumentException>(() => studio.Metrics.Append("run-1", [new MetricRow(1, "", 1, Time)]));
        Assert.ThrowsAny<ArgumentException>(() => studio.Metrics.Append("run/1", [new MetricRow(1, "loss", 1, Time)]));
        Assert.Empty(studio.Metrics.Read("run-1", null, -1));
    }
}

internal static class StepRange
{
    public static IEnumerable<long> To(this long from, long to)
    {
        for (var step = from; step <= to; step++) yield return step;
    }
}
