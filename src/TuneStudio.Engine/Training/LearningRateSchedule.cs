namespace TuneStudio.Engine.Training;

// The learning rate as a pure function of the step (steps count from 1), as in nanoGPT:
// linear warm-up to the peak over WarmupSteps, then linear decay that reaches 0 as the last step completes.
// The last step still gets a small positive rate, so a one-step run is not a no-op.
public sealed record LearningRateSchedule(double PeakLearningRate, int WarmupSteps, long TotalSteps)
{
    public double At(long step)
    {
        if (step < 1 || step > TotalSteps) return 0;
        if (step <= WarmupSteps) return PeakLearningRate * step / WarmupSteps;
        var decaySteps = TotalSteps - WarmupSteps;
        return PeakLearningRate * (TotalSteps - step + 1) / decaySteps;
    }
}
