namespace TuneStudio.Engine.Training;

// The learning rate as a pure function of the optimizer step (steps count from 1), as in nanoGPT, so a resumed
// run needs only the step and the UI can draw the curve before a run starts.
// Every kind warms up linearly over WarmupSteps: step s of the warm-up gets peak·s/W (OneCycle: from peak/25).
// After it, with progress p = (s − W − 1)/(T − W) running from 0 at the first step to just below 1 at the last:
//   Constant: peak.  Linear: peak·(1 − p).  Cosine: peak·(1 + cos πp)/2.
//   OneCycle: peak/10⁴ + (peak − peak/10⁴)·(1 + cos πp)/2, after a warm-up of 30% of the steps if none is set.
// So the last step still gets a small positive rate and a one-step run is not a no-op.
public sealed record LearningRateSchedule(double PeakLearningRate, int WarmupSteps, long TotalSteps, ScheduleKind Kind = ScheduleKind.Linear)
{
    public const double OneCycleStartDivisor = 25, OneCycleFinalDivisor = 1e4, OneCycleDefaultWarmupFraction = 0.3;

    public static LearningRateSchedule For(TrainingConfig config, long totalSteps)
    {
        var warmup = config.WarmupRatio > 0 ? (int)Math.Ceiling(config.WarmupRatio * totalSteps) : config.WarmupSteps;
        if (config.Schedule == ScheduleKind.OneCycle && warmup == 0)
            warmup = (int)Math.Ceiling(OneCycleDefaultWarmupFraction * totalSteps);
        return new LearningRateSchedule(config.LearningRate, (int)Math.Min(warmup, totalSteps), totalSteps, config.Schedule);
    }

    public double At(long step)
    {
        if (step < 1 || step > TotalSteps) return 0;
        if (step <= WarmupSteps)
        {
            var start = Kind == ScheduleKind.OneCycle ? PeakLearningRate / OneCycleStartDivisor : 0;
            return start + (PeakLearningRate - start) * step / WarmupSteps;
        }

        var progress = (double)(step - WarmupSteps - 1) / (TotalSteps - WarmupSteps);
        return Kind switch
        {
            ScheduleKind.Constant => PeakLearningRate,
            ScheduleKind.Linear => PeakLearningRate * (TotalSteps - step + 1) / (TotalSteps - WarmupSteps),
            ScheduleKind.Cosine => PeakLearningRate * (1 + Math.Cos(Math.PI * progress)) / 2,
            ScheduleKind.OneCycle => PeakLearningRate / OneCycleFinalDivisor
                                     + (PeakLearningRate - PeakLearningRate / OneCycleFinalDivisor) * (1 + Math.Cos(Math.PI * progress)) / 2,
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
        };
    }

    // The whole curve, one value per step, for charts.
    public IReadOnlyList<double> Curve() => Enumerable.Range(1, (int)TotalSteps).Select(step => At(step)).ToList();
}
