namespace TuneStudio.Engine.Tasks;

// A row as the studio stores it: a text (an image reference for images; a sentence's tokens joined by spaces for
// token classification; a pair's source) and its label (the class; classes joined by '|' for multi-label; the tags
// joined by spaces; a pair's target). Each task turns rows into its own examples.
public sealed record TaskRow(string Text, string Label);

// Pixels of an image row, read by whoever holds the images (the studio's blob store): rows of Width pixels with
// Channels interleaved values 0–255.
public sealed record DecodedImage(byte[] Pixels, int Width, int Height, int Channels);

// What any registered task trains: a config, the training rows and (when the data fixes a split) the validation
// rows, the label names (Labels[i] is class i; empty for a task without classes) and where checkpoints go.
public sealed record TaskJob(TrainingConfig Config, IReadOnlyList<TaskRow> Train, IReadOnlyList<string> Labels, string CheckpointRoot)
{
    // A split fixed with the data set; null holds out Config.ValidationFraction of Train.
    public IReadOnlyList<TaskRow>? Validation { get; init; }

    // Fork: start from this checkpoint's weights (adapters merged in) with a fresh optimizer at step 1.
    public string? InitialWeights { get; init; }

    // The dataset version the rows come from; stored in checkpoints so a resume can refuse other data.
    public string? DatasetVersion { get; init; }

    // Decodes an image row's text (its image reference); image tasks need it.
    public Func<string, DecodedImage>? ReadImage { get; init; }
}
