namespace TuneStudio.Engine;

// Labels[i] names label i; every example's Label indexes into Labels.
public sealed record TrainingJob(
    TrainingConfig Config,
    IReadOnlyList<TextExample> Examples,
    IReadOnlyList<string> Labels,
    string CheckpointRoot);
