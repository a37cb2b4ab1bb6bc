namespace TuneStudio.Engine;

// Labels[i] names label i; every example's Label indexes into Labels.
public sealed record TrainingJob(
    TrainingConfig Config,
    IReadOnlyList<TextExample> Examples,
    IReadOnlyList<string> Labels,
    string CheckpointRoot)
{
    // Fork: start from this checkpoint's weights (LoRA merged in) with a fresh optimizer at step 0.
    public string? InitialWeights { get; init; }

    // The dataset version the examples come from; stored in checkpoints so a resume can refuse other data.
    public string? DatasetVersion { get; init; }
}
