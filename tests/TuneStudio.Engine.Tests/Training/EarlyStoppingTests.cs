using TuneStudio.Engine;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class EarlyStoppingTests
{
    [Fact]
    public void Stops_after_patience_evaluations_without_an_improvement_larger_than_min_delta()
    {
        var stopping = new EarlyStopping(new EarlyStoppingOptions { Enabled = true, Mode = MetricMode.Min, Patience = 2, MinDelta = 0.01 });
        double[] losses = [0.9, 0.7, 0.695, 0.71, 0.5, 0.6, 0.55];
        var stoppedAt = 0;

        for (var epoch = 1; epoch <= losses.Length && stoppedAt == 0; epoch++)
        {
            stopping.Observe(losses[epoch - 1]);
            if (stopping.ShouldStop) stoppedAt = epoch;
        }

        // 0.695 is not better than 0.7 by more than 0.01; 0.71 is worse: two without improvement after epoch 2.
        Assert.Equal(4, stoppedAt);
        Assert.Equal(new EarlyStoppingState(0.7, 2, 4, 2), stopping.State);
    }

    [Fact]
    public void Max_mode_counts_rises_as_improvements_and_an_improvement_resets_the_count()
    {
        var stopping = new EarlyStopping(new EarlyStoppingOptions { Enabled = true, Mode = MetricMode.Max, Patience = 2 });

        Assert.True(stopping.Observe(0.5));
        Assert.False(stopping.Observe(0.4));
        Assert.True(stopping.Observe(0.6));
        Assert.False(stopping.Observe(0.6));
        Assert.False(stopping.ShouldStop);
        Assert.False(stopping.Observe(double.NaN));
        Assert.True(stopping.ShouldStop);
        Assert.Equal(3, stopping.State.BestEvaluation);
    }

    [Fact]
    public void Disabled_never_stops_and_a_restored_state_continues_where_it_was()
    {
        var disabled = new EarlyStopping(new EarlyStoppingOptions { Enabled = false, Patience = 1 });
        disabled.Observe(1);
        disabled.Observe(2);
        Assert.False(disabled.ShouldStop);

        var restored = new EarlyStopping(new EarlyStoppingOptions { Enabled = true, Patience = 2 }, new EarlyStoppingState(0.3, 1, 2, 1));
        restored.Observe(0.4);
        Assert.True(restored.ShouldStop);
    }
}
