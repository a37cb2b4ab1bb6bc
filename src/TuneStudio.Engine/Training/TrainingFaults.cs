namespace TuneStudio.Engine.Training;

// Faults tests inject to prove the trainer's failure paths; never set in production.
internal sealed record TrainingFaults
{
    public static TrainingFaults None { get; } = new();

    public long? NanLossAtStep { get; init; }

    // Every step from this one on gets a NaN loss.
    public long? NanLossFromStep { get; init; }

    public bool NanLossAt(long step) => step == NanLossAtStep || step >= NanLossFromStep;
}
