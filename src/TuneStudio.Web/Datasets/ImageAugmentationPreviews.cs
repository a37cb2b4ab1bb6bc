using TuneStudio.Engine;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Datasets;

// What the dataset page and GET …/images/{hash}/augmentation-preview ask for: the run config's image options, the
// seed and how many augmented copies of each image. Field names are the query's.
public sealed record ImageAugmentationPreviewRequest
{
    public const int MaxCount = 16;

    public ImageAugmentationOptions Image { get; init; } = new();
    public int Seed { get; init; } = new TrainingConfig().Seed;
    public int Count { get; init; } = 4;

    // The options are judged by the run config's own rules, so the preview accepts exactly what a run does.
    public IReadOnlyList<FieldError> Validate()
    {
        const string prefix = "augmentation.image.";
        var errors = new TrainingConfig { Augmentation = new AugmentationOptions { Image = Image } }.Validate()
            .Where(error => error.Field.StartsWith(prefix, StringComparison.Ordinal))
            .Select(error => new FieldError(error.Field[prefix.Length..], error.Message))
            .ToList();
        if (Count is < 1 or > MaxCount) errors.Add(new FieldError("count", $"Count must be between 1 and {MaxCount}."));
        return errors;
    }
}

// One image of a version (a PNG data URL) beside its augmented copies, the i-th as epoch i would show it.
public sealed record AugmentedImage(long Index, string Label, int Width, int Height, string Original, IReadOnlyList<string> Copies);

public sealed record ImageAugmentationSamples(string DatasetId, int Version, ImageAugmentationPreviewRequest Request, long TotalRows, IReadOnlyList<AugmentedImage> Images);

// The one place image augmentation previews are made, for the dataset page and the API: decodes a dataset's image,
// draws its copies with the engine's ImageAugmenter and encodes each as a PNG data URL. Only images a row of the
// dataset names are read (blobs are shared by hash between datasets).
public sealed class ImageAugmentationPreviews(DatasetStore datasets)
{
    public const int MaxImages = 12;

    // Copies of one image as a run would see the example at index 0; null when the dataset holds no such image.
    public IReadOnlyList<string>? Copies(string datasetId, string hash, ImageAugmentationPreviewRequest request)
    {
        if (datasets.Get(datasetId) is not { Task: DatasetTasks.ImageClassification } || !datasets.HoldsImage(datasetId, hash)) return null;
        return datasets.Images.ReadPixels(hash) is { } image ? CopiesOf(image, request, index: 0) : null;
    }

    // The first `take` images of a version, each beside its copies (row i as example i); null when the dataset holds
    // no images or has no such version.
    public ImageAugmentationSamples? Preview(string datasetId, int version, ImageAugmentationPreviewRequest request, int take)
    {
        if (datasets.Get(datasetId) is not { Task: DatasetTasks.ImageClassification }) return null;
        if (datasets.GetVersion(datasetId, version) is not { } info) return null;
        var images = new List<AugmentedImage>();
        foreach (var row in datasets.GetRows(datasetId, version, 0, Math.Clamp(take, 1, MaxImages)))
        {
            if (ImageReference.Parse(row.Text) is not { } reference || datasets.Images.ReadPixels(reference.Hash) is not { } image) continue;
            images.Add(new AugmentedImage(row.Index, row.Label, image.Width, image.Height,
                DataUrl(image.Pixels, image.Width, image.Height, image.Channels), CopiesOf(image, request, checked((int)row.Index))));
        }
        return new ImageAugmentationSamples(datasetId, version, request, info.RowCount, images);
    }

    private static IReadOnlyList<string> CopiesOf((byte[] Pixels, int Width, int Height, int Channels) image, ImageAugmentationPreviewRequest request, int index) =>
        ImageAugmenter.Preview(image.Pixels, image.Width, image.Height, image.Channels, request.Image, request.Seed, request.Count, index)
            .Select(copy => DataUrl(copy, image.Width, image.Height, image.Channels))
            .ToList();

    private static string DataUrl(byte[] pixels, int width, int height, int channels) =>
        "data:image/png;base64," + Convert.ToBase64String(ImageBlobs.EncodePng(pixels, width, height, channels));
}
