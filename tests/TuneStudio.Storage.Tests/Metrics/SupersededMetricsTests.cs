namespace TuneStudio.Storage.Tests.Metrics;

public class SupersededMetricsTests
{
    private static readonly DateTime Time = new(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    private static List<MetricRow> Steps(long from, long to, double value, params string[] keys) =>
        [.. from.To(to).SelectMany(step => keys.Select(key => new MetricRow(step, key, value, Time.AddMilliseconds(step))))];

    [Fact]
    public void Superseding_moves_the_later_points_out_of_the_live_history_and_keeps_them_apart()
    {
        using var studio = new TemporaryStudio();
        studio.Metrics.Append("run-1", Steps(1, 30, 1, "train/loss", "lr"));
        studio.Metrics.Append("run-2", Steps(1, 30, 1, "train/loss"));

        Assert.Equal(20, studio.Metrics.Supersede("run-1", afterStep: 20));
        studio.Metrics.Append("run-1", Steps(21, 30, 2, "train/loss", "lr"));

        var live = studio.Metrics.Read("run-1", "train/loss", afterStep: 0);
        Assert.Equal(1L.To(30).ToList(), live.Select(p => p.Step).ToList());
        Assert.All(live.Where(p => p.Step > 20), p => Assert.Equal(2, p.Value));
        var superseded = studio.Metrics.ReadSuperseded("run-1", "train/loss", afterStep: 0);
        Assert.Equal(21L.To(30).ToList(), superseded.Select(p => p.Step).ToList());
        Assert.All(superseded, p => Assert.Equal(1, p.Value));
        Assert.Equal(30, studio.Metrics.Read("run-2", null, afterStep: 0).Count);
        Assert.Empty(studio.Metrics.ReadSuperseded("run-2", null, afterStep: 0));
    }

    [Fact]
    public void Superseding_the_same_steps_twice_keeps_both_replaced_versions()
    {
        using var studio = new TemporaryStudio();
        studio.Metrics.Append("run-1", Steps(1, 10, 1, "train/loss"));
        studio.Metrics.Supersede("run-1", afterStep: 5);
        studio.Metrics.Append("run-1", Steps(6, 10, 2, "train/loss"));
        Thread.Sleep(1); // each move is stamped with the time it happened

        studio.Metrics.Supersede("run-1", afterStep: 5);

        Assert.Equal(10, studio.Metrics.ReadSuperseded("run-1", null, afterStep: 0).Count);
        Assert.Equal(5, studio.Metrics.Read("run-1", null, afterStep: 0).Count);
    }
}
