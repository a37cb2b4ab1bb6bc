using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TuneStudio.Engine;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Components.Controls;

// A chart of some of a run's metrics that grows as the run trains: it follows the run's feed and only
// extends the plot's traces through JS interop; the component never re-renders to add points.
public sealed partial class LiveMetricChart : IAsyncDisposable
{
    [Inject] public required RunTelemetry Telemetry { get; init; }

    [Parameter, EditorRequired] public required string RunId { get; set; }
    [Parameter, EditorRequired] public required IReadOnlyList<string> Keys { get; set; }
    [Parameter] public string? Title { get; set; }
    [Parameter] public TimeSpan? UpdateInterval { get; set; }

    // When set (0 < s < 1), each key also gets an exponentially smoothed trace, as trackers draw noisy losses.
    [Parameter] public double? Smoothing { get; set; }

    private PlotlyChart _chart = default!;
    private Config _config = default!;
    private Plotly.Blazor.Layout _layout = default!;
    private IList<ITrace> _data = default!;
    private RunFeed? _feed;
    private double?[] _smoothed = [];
    // The run whose traces the chart holds; a new RunId (in-app navigation to another run) starts the chart afresh.
    private string? _charted;

    public string ChartId => $"chart-{RunId}-{string.Join("-", Keys).Replace('/', '_')}";

    protected override async Task OnParametersSetAsync()
    {
        if (_charted == RunId) return;
        if (_feed is not null) await _feed.DisposeAsync();
        _feed = null;
        _charted = RunId;
        BuildEmptyChart();
    }

    private void BuildEmptyChart()
    {
        var title = Title ?? string.Join(", ", Keys);
        _config = ChartStyle.Toolbar(title);
        _layout = new Plotly.Blazor.Layout
        {
            // Left-aligned: the toolbar appears at the top right on hover and would cover a centred title.
            Title = new Title { Text = ChartStyle.PlainText(title), X = 0.02m, XAnchor = Plotly.Blazor.LayoutLib.TitleLib.XAnchorEnum.Left },
            Height = 290,
            Margin = new Margin { L = 60, R = 20, T = 40, B = 80 },
            PaperBgColor = ChartStyle.Transparent,
            PlotBgColor = ChartStyle.Transparent,
            // Below the plot, so a legend never narrows the chart.
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.45m }],
            // Both axes start at 0: a single point (the first validation epoch) sits on a readable axis instead of one
            // Plotly pads to a fraction of a step around it. The rate keeps exponent notation: 4e-5, never "40μ".
            XAxis = [new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step (optimizer steps)" },
                RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.ToZero,
            }],
            YAxis = [new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = ChartStyle.PlainText(AxisTitle(Keys)) },
                RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero,
                ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.E,
            }],
        };
        _smoothed = new double?[Keys.Count];
        // Markers as well as lines: a series of one point (one epoch, one step) is still visible.
        var raw = Keys.Select(k => (ITrace)new Scatter
        {
            Name = ChartStyle.PlainText(k),
            Mode = ModeFlag.Lines | ModeFlag.Markers,
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = k.StartsWith("val/") ? 6 : 3 },
            Opacity = Smoothing is null ? 1 : 0.35m,
            // A point on the axis' edge (a single epoch's value) is drawn whole, not cut by the plot area.
            ClipOnAxis = false,
            HoverTemplate = HoverTemplate(ShortName(k)),
            X = new List<object>(),
            Y = new List<object>(),
        });
        var smooth = Smoothing is null ? [] : Keys.Select(k => (ITrace)new Scatter
        {
            Name = ChartStyle.PlainText($"{k} (smoothed)"),
            Mode = ModeFlag.Lines,
            HoverTemplate = HoverTemplate($"{ShortName(k)} (smoothed)"),
            X = new List<object>(),
            Y = new List<object>(),
        });
        _data = raw.Concat(smooth).ToList();
        _layout.ShowLegend = _data.Count > 1;
    }

    // "step 441 · loss 0.284"; <extra></extra> drops Plotly's second box with the trace name.
    private static string HoverTemplate(string name) => $"step %{{x}} · {ChartStyle.PlainText(name)} %{{y:.4~g}}<extra></extra>";

    private static string ShortName(string key) => key[(key.IndexOf('/') + 1)..];

    // The y axis says what is measured and in which unit; a chart's keys share one (the task declares them so).
    public static string AxisTitle(IReadOnlyList<string> keys)
    {
        var names = keys.Select(ShortName).ToList();
        if (names.All(n => n == "loss")) return "loss (nats)";
        if (names.All(n => n == "lr")) return "learning rate";
        if (names.All(n => n == "grad_norm")) return "gradient norm (L2)";
        if (names.All(n => n == "samples_per_sec")) return "samples / second";
        if (names.All(n => n == "skipped_steps")) return "skipped steps";
        return "score (fraction, 0–1)";
    }

    // Starts once plotly has drawn the empty chart, so the first extend has a plot to extend.
    private void StartFeed()
    {
        if (_feed is not null || _charted is not { } runId) return;
        _feed = Telemetry.Subscribe(runId, afterStep: 0, points => Extend(runId, points), _ => Task.CompletedTask, UpdateInterval);
    }

    private Task Extend(string runId, IReadOnlyList<MetricPoint> points)
    {
        if (runId != _charted) return Task.CompletedTask; // a late batch of the run charted before

        var xs = new List<IEnumerable<object>>();
        var ys = new List<IEnumerable<object>>();
        var indices = new List<int>();
        for (int i = 0; i < Keys.Count; i++)
        {
            var mine = points.Where(p => p.Key == Keys[i]).ToList();
            if (mine.Count == 0) continue;
            xs.Add(mine.Select(p => (object)p.Step).ToList());
            ys.Add(mine.Select(p => (object)p.Value).ToList());
            indices.Add(i);
            if (Smoothing is { } alpha)
            {
                xs.Add(mine.Select(p => (object)p.Step).ToList());
                ys.Add(mine.Select(p => (object)Smooth(i, p.Value, alpha)).ToList());
                indices.Add(Keys.Count + i);
            }
        }
        return indices.Count == 0 ? Task.CompletedTask : InvokeAsync(() => _chart.ExtendTraces(xs, ys, indices));
    }

    // Exponential moving average that starts at the first value.
    private double Smooth(int key, double value, double alpha)
    {
        double previous = _smoothed[key] ?? value;
        double next = alpha * previous + (1 - alpha) * value;
        _smoothed[key] = next;
        return next;
    }

    public async ValueTask DisposeAsync()
    {
        if (_feed is not null) await _feed.DisposeAsync();
    }
}
