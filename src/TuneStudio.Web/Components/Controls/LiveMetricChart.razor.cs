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
        _config = new Config { DisplayLogo = false, Responsive = true, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };
        _layout = new Plotly.Blazor.Layout
        {
            Title = new Title { Text = Title ?? string.Join(", ", Keys) },
            Height = 290,
            Margin = new Margin { L = 50, R = 20, T = 40, B = 70 },
            ShowLegend = Keys.Count > 1,
            // Below the plot, so a legend never narrows the chart.
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.42m }],
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step" } }],
        };
        _smoothed = new double?[Keys.Count];
        var raw = Keys.Select(k => (ITrace)new Scatter
        {
            Name = k,
            Mode = ModeFlag.Lines | (k.StartsWith("val/") ? ModeFlag.Markers : 0),
            Opacity = Smoothing is null ? 1 : 0.35m,
            X = new List<object>(),
            Y = new List<object>(),
        });
        var smooth = Smoothing is null ? [] : Keys.Select(k => (ITrace)new Scatter
        {
            Name = $"{k} (smoothed)",
            Mode = ModeFlag.Lines,
            X = new List<object>(),
            Y = new List<object>(),
        });
        _data = raw.Concat(smooth).ToList();
        _layout.ShowLegend = _data.Count > 1;
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
