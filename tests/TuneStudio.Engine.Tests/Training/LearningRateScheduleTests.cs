using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void Warms_up_linearly_to_the_peak_then_decays_linearly_towards_zero()
    {
        var schedule = new LearningRateSchedule(PeakLearningRate: 1.0, WarmupSteps: 4, TotalSteps: 8);

        var rates = Enumerable.Range(1, 8).Select(step => schedule.At(step)).ToArray();

        Assert.Equal(new[] { 0.25, 0.5, 0.75, 1.0, 1.0, 0.75, 0.5, 0.25 }, rates);
        Assert.Equal(0, schedule.At(9));
    }

    [Fact]
    public void Without_warm_up_the_first_step_uses_the_peak_and_a_single_step_run_still_learns()
    {
        Assert.Equal(0.1, new LearningRateSchedule(0.1, 0, 10).At(1));
        Assert.Equal(0.1, new LearningRateSchedule(0.1, 0, 1).At(1));
    }

    [Fact]
    public void Is_a_pure_function_of_the_step()
    {
        var schedule = new LearningRateSchedule(3e-4, 10, 100);

        Assert.Equal(schedule.At(37), schedule.At(37));
        Assert.Equal(schedule.At(37), new LearningRateSchedule(3e-4, 10, 100).At(37));
    }
}
