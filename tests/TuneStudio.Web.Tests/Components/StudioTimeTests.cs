using TuneStudio.Web.Components.Controls;

namespace TuneStudio.Web.Tests.Components;

public sealed class StudioTimeTests
{
    private static readonly DateTime Moment = new(2026, 12, 2, 13, 45, 7, DateTimeKind.Utc);

    [Fact]
    public void Every_kind_of_time_is_written_as_iso_8601_in_utc_to_the_second()
    {
        Assert.Equal("2026-12-02 13:45:07Z", StudioTime.Format(Moment));
        // LiteDB hands back local times: the same instant, the same text, whatever the machine's zone.
        Assert.Equal("2026-12-02 13:45:07Z", StudioTime.Format(Moment.ToLocalTime()));
        Assert.Equal("2026-12-02 13:45:07Z", StudioTime.Format(new DateTimeOffset(2026, 12, 2, 15, 45, 7, TimeSpan.FromHours(2))));
        Assert.Equal("2026-12-02 13:45:07Z", StudioTime.Format(DateTime.SpecifyKind(Moment, DateTimeKind.Unspecified)));
        Assert.Equal("2026-12-02 13:45:07Z", StudioTime.Format(Moment.AddMilliseconds(999)));
        Assert.Equal("never", StudioTime.Format(null, "never"));
    }

    [Fact]
    public void Chart_text_keeps_html_as_text_for_plotly()
    {
        // Plotly decodes &amp; &lt; &gt; back to characters and draws no markup from them.
        Assert.Equal("&lt;a href=\"https://x/\"&gt;R&amp;D&lt;/a&gt;", ChartStyle.PlainText("<a href=\"https://x/\">R&D</a>"));
        Assert.Equal("plain label", ChartStyle.PlainText("plain label"));
    }

    [Fact]
    public void Chart_axes_name_what_is_measured_and_its_unit()
    {
        Assert.Equal("loss (nats)", LiveMetricChart.AxisTitle(["train/loss"]));
        Assert.Equal("loss (nats)", LiveMetricChart.AxisTitle(["val/loss"]));
        Assert.Equal("samples / second", LiveMetricChart.AxisTitle(["train/samples_per_sec"]));
        Assert.Equal("gradient norm (L2)", LiveMetricChart.AxisTitle(["train/grad_norm"]));
        Assert.Equal("score (fraction, 0–1)", LiveMetricChart.AxisTitle(["val/accuracy", "val/macro_f1"]));
        // Hamming loss is a fraction of wrong label decisions, not a loss in nats.
        Assert.Equal("score (fraction, 0–1)", LiveMetricChart.AxisTitle(["val/micro_f1", "val/hamming_loss"]));
    }
}
