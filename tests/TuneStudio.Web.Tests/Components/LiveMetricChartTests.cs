using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Controls;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Tests.Components;

public sealed class LiveMetricChartTests : ComponentTestContext
{
    private const string PlotlyModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    [Fact]
    public async Task New_points_extend_the_traces_without_replotting()
    {
        var module = JSInterop.SetupModule(PlotlyModule);
        var run = Services.GetRequiredService<RunStore>().Create(new RunRecord { Status = RunStatus.Running, ConfigJson = "{}" });
        var telemetry = Services.GetRequiredService<RunTelemetry>();
        telemetry.BeginRun(run.Id);

        Render<LiveMetricChart>(p => p
            .Add(c => c.RunId, run.Id)
            .Add(c => c.Keys, ["train/loss", "train/lr"])
            .Add(c => c.UpdateInterval, TimeSpan.FromMilliseconds(10)));
        var now = DateTimeOffset.UtcNow;
        for (int step = 1; step <= 30; step++)
            telemetry.Append(run.Id, [new MetricPoint(step, "train/loss", 1.0 / step, now), new MetricPoint(step, "train/lr", 0.001, now), new MetricPoint(step, "train/samples_per_sec", 99, now)]);

        await WaitUntil(() => ExtendedSteps(module, 0).Count == 30);

        Assert.Equal(1, module.Invocations.Count(i => i.Identifier == "newPlot"));
        Assert.DoesNotContain(module.Invocations, i => i.Identifier == "react");
        Assert.Equal(Enumerable.Range(1, 30).Select(s => (long)s), ExtendedSteps(module, 0));
        Assert.Equal(30, ExtendedSteps(module, 1).Count);
        // At most about one update per interval: 30 appends arrive as a few batches, not 30 calls.
        Assert.True(module.Invocations.Count(i => i.Identifier == "extendTraces") < 30);
    }

    [Fact]
    public async Task Smoothing_adds_an_exponential_moving_average_trace_beside_the_raw_one()
    {
        var module = JSInterop.SetupModule(PlotlyModule);
        var run = Services.GetRequiredService<RunStore>().Create(new RunRecord { Status = RunStatus.Running, ConfigJson = "{}" });
        var telemetry = Services.GetRequiredService<RunTelemetry>();
        telemetry.BeginRun(run.Id);

        Render<LiveMetricChart>(p => p
            .Add(c => c.RunId, run.Id)
            .Add(c => c.Keys, ["train/loss"])
            .Add(c => c.Smoothing, 0.5)
            .Add(c => c.UpdateInterval, TimeSpan.FromMilliseconds(10)));
        var now = DateTimeOffset.UtcNow;
        telemetry.Append(run.Id, [new MetricPoint(1, "train/loss", 4, now), new MetricPoint(2, "train/loss", 0, now), new MetricPoint(3, "train/loss", 2, now)]);

        await WaitUntil(() => ExtendedValues(module, 1).Count == 3);

        Assert.Equal([4.0, 0.0, 2.0], ExtendedValues(module, 0));
        Assert.Equal([4.0, 2.0, 2.0], ExtendedValues(module, 1));
    }

    private static List<double> ExtendedValues(BunitJSModuleInterop module, int index) => Extended(module, index, argument: 2).Select(Convert.ToDouble).ToList();

    private static List<long> ExtendedSteps(BunitJSModuleInterop module, int index) => Extended(module, index, argument: 1).Select(Convert.ToInt64).ToList();

    // What every extendTraces call sent to trace `index`: its args are (id, x[][], y[][], indices[], max).
    private static IEnumerable<object> Extended(BunitJSModuleInterop module, int index, int argument)
    {
        foreach (var call in module.Invocations.Where(i => i.Identifier == "extendTraces"))
        {
            var series = ((IEnumerable<IEnumerable<object>>)call.Arguments[argument]!).ToList();
            int at = ((IEnumerable<int>)call.Arguments[3]!).ToList().IndexOf(index);
            if (at >= 0) foreach (var value in series[at]) yield return value;
        }
    }

    // The chart's pump records interop calls on its own thread; a read that races one is simply tried again.
    private static async Task WaitUntil(Func<bool> condition)
    {
        bool Holds()
        {
            try { return condition(); }
            catch (InvalidOperationException) { return false; }
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Holds() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(Holds(), "timed out");
    }
}
