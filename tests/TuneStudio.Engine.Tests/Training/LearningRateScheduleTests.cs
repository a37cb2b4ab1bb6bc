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

    [Fact]
    public void Constant_holds_the_peak_after_warm_up()
    {
        var schedule = new LearningRateSchedule(2.0, WarmupSteps: 2, TotalSteps: 6, ScheduleKind.Constant);

        Assert.Equal(new[] { 1.0, 2.0, 2.0, 2.0, 2.0, 2.0 }, Enumerable.Range(1, 6).Select(step => schedule.At(step)));
    }

    [Theory]
    [InlineData(3, 0.5)]   // warm-up: peak·3/6
    [InlineData(7, 1.0)]   // first step after warm-up: progress 0
    [InlineData(12, 0.5 * (1 + 0.7071067811865476))] // progress (12−6−1)/20 = 0.25: (1 + cos π/4)/2
    [InlineData(17, 0.5)]  // progress 0.5
    [InlineData(26, 0.5 * (1 + -0.98768834059513777))] // progress 0.95
    public void Cosine_matches_its_closed_form(long step, double expected)
    {
        var schedule = new LearningRateSchedule(1.0, WarmupSteps: 6, TotalSteps: 26, ScheduleKind.Cosine);

        Assert.Equal(expected, schedule.At(step), 12);
    }

    [Fact]
    public void One_cycle_rises_from_a_25th_of_the_peak_and_anneals_to_a_ten_thousandth()
    {
        var config = new TrainingConfig { LearningRate = 1.0, Schedule = ScheduleKind.OneCycle };
        var schedule = LearningRateSchedule.For(config, totalSteps: 100);

        Assert.Equal(30, schedule.WarmupSteps); // 30% by default
        Assert.Equal(1.0 / 25 + (1 - 1.0 / 25) / 30, schedule.At(1), 12);
        Assert.Equal(1.0, schedule.At(30), 12);
        Assert.Equal(1.0, schedule.At(31), 12);
        Assert.Equal(1e-4 + (1 - 1e-4) * 0.5, schedule.At(66), 12); // progress (66−31)/70 = 0.5
        Assert.True(schedule.At(100) < 1e-3);
    }

    [Fact]
    public void Warm_up_by_ratio_rounds_up_to_whole_steps()
    {
        var config = new TrainingConfig { LearningRate = 1.0, WarmupRatio = 0.1, Schedule = ScheduleKind.Linear };

        var schedule = LearningRateSchedule.For(config, totalSteps: 25);

        Assert.Equal(3, schedule.WarmupSteps);
        Assert.Equal(1.0 / 3, schedule.At(1), 12);
        Assert.Equal(1.0, schedule.At(4), 12);
        Assert.Equal(25, schedule.Curve().Count);
    }
}
