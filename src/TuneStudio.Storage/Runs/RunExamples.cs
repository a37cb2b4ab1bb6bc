namespace TuneStudio.Storage;

/// <summary>
/// The examples a run used, as its training set them up: <see cref="Train"/> and <see cref="Validation"/> counted by
/// the engine, <see cref="HeldOutTest"/> the stored split's test rows (never trained or validated on), and where the
/// validation rows came from (<see cref="ExampleSources"/>).
/// </summary>
public sealed class RunExamples
{
    public long Train { get; set; }
    public long Validation { get; set; }
    public long HeldOutTest { get; set; }
    public string Source { get; set; } = "";
}

public static class ExampleSources
{
    /// <summary>The version's stored split: its train part trains, its validation part validates.</summary>
    public const string Split = "split";

    /// <summary>No stored split: the run's validationFraction of every row (per label) validates.</summary>
    public const string ValidationFraction = "validationFraction";

    /// <summary>A stored split without validation rows: its train part, less the validationFraction held out of it.</summary>
    public const string SplitTrainAndValidationFraction = "splitTrainAndValidationFraction";
}
