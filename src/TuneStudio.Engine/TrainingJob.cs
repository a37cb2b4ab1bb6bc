namespace TuneStudio.Engine;

// What any recipe trains: a config, labelled examples, the label names and where checkpoints go.
// Labels[i] names label i; every example's Label indexes into Labels.
public abstract record TrainingJob<TExample>(
    TrainingConfig Config,
    IReadOnlyList<TExample> Examples,
    IReadOnlyList<string> Labels,
    string CheckpointRoot)
    where TExample : ILabelledExample
{
    // Fork: start from this checkpoint's weights (LoRA merged in) with a fresh optimizer at step 0.
    public string? InitialWeights { get; init; }

    // A split fixed with the data set: Examples are then the training side and ValidationFraction is not used.
    public IReadOnlyList<TExample>? ValidationExamples { get; init; }

    // The dataset version the examples come from; stored in checkpoints so a resume can refuse other data.
    public string? DatasetVersion { get; init; }

    // The catalogue the job's model is in (an imported model is only in its studio's).
    public ModelCatalog Models { get; init; } = ModelCatalog.BuiltIn;
}

public sealed record TrainingJob(TrainingConfig Config, IReadOnlyList<TextExample> Examples, IReadOnlyList<string> Labels, string CheckpointRoot)
    : TrainingJob<TextExample>(Config, Examples, Labels, CheckpointRoot);
