using TuneStudio.Engine;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Datasets;

// What the dataset page and GET …/augmentation-preview ask for: text noise probabilities, the seed and epoch that
// drive it, and which rows. Field names are the query's.
public sealed record AugmentationPreviewRequest
{
    public const int MaxTake = 50;

    public TextAugmentationOptions Text { get; init; } = new();
    public int Seed { get; init; } = new TrainingConfig().Seed;
    public int Epoch { get; init; } = 1;
    public int Skip { get; init; }
    public int Take { get; init; } = 8;

    // The probabilities are judged by the run config's own rules, so the preview accepts exactly what a run does.
    public IReadOnlyList<FieldError> Validate()
    {
        const string prefix = "augmentation.text.";
        var errors = new TrainingConfig { Augmentation = new AugmentationOptions { Text = Text } }.Validate()
            .Where(error => error.Field.StartsWith(prefix, StringComparison.Ordinal))
            .Select(error => new FieldError(error.Field[prefix.Length..], error.Message))
            .ToList();
        if (Epoch < 1) errors.Add(new FieldError("epoch", "Epoch must be at least 1."));
        if (Skip < 0) errors.Add(new FieldError("skip", "Skip cannot be negative."));
        if (Take is < 1 or > MaxTake) errors.Add(new FieldError("take", $"Take must be between 1 and {MaxTake}."));
        return errors;
    }
}

public sealed record AugmentedTextRow(
    long Index, string Label, string Original, string Augmented, IReadOnlyList<TextSegment> OriginalSegments, IReadOnlyList<TextSegment> AugmentedSegments);

// Unavailable says why a dataset has no preview (its rows are then empty).
public sealed record AugmentationPreview(
    string DatasetId, int Version, string Task, AugmentationPreviewRequest Request, long TotalRows, IReadOnlyList<AugmentedTextRow> Rows, string? Unavailable);

// Shows a version's rows beside what training-time augmentation would make of them. Row i gets the noise of example
// index i in the given epoch; a run numbers examples by their place in its training split, so a given row's exact
// noise in a run may differ, but its kind and rate are the same.
public sealed class AugmentationPreviews(DatasetStore datasets)
{
    // Null when the dataset or version does not exist.
    public AugmentationPreview? Preview(string datasetId, int version, AugmentationPreviewRequest request)
    {
        var dataset = datasets.Get(datasetId);
        var info = dataset is null ? null : datasets.GetVersion(datasetId, version);
        if (dataset is null || info is null) return null;

        AugmentationPreview Unavailable(string why) => new(datasetId, version, dataset.Task, request, info.RowCount, [], why);
        return dataset.Task switch
        {
            // Images preview per image (ImageAugmentationPreviews): GET …/images/{hash}/augmentation-preview.
            DatasetTasks.ImageClassification => Unavailable("Image datasets preview their transforms per image: GET /api/datasets/{id}/images/{hash}/augmentation-preview."),
            DatasetTasks.TokenClassification => Unavailable("Text noise is not applied to token classification: tags would no longer line up with tokens."),
            _ => new(datasetId, version, dataset.Task, request, info.RowCount, PreviewText(datasetId, version, request), null),
        };
    }

    private List<AugmentedTextRow> PreviewText(string datasetId, int version, AugmentationPreviewRequest request)
    {
        var augmenter = new TextAugmenter(request.Text, request.Seed);
        return datasets.GetRows(datasetId, version, request.Skip, request.Take)
            .Select(row =>
            {
                var augmented = augmenter.Augment(row.Text, request.Epoch, checked((int)row.Index));
                var (before, after) = WordDiff.Compare(row.Text, augmented);
                return new AugmentedTextRow(row.Index, row.Label, row.Text, augmented, before, after);
            })
            .ToList();
    }
}
