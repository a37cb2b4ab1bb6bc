using TuneStudio.Storage;
using TuneStudio.Web.Api;

namespace TuneStudio.Web.Datasets;

// Image rows as the API shows them, and their image files.
public static class ImageRows
{
    public static string Url(string datasetId, string hash) => $"/api/datasets/{Uri.EscapeDataString(datasetId)}/images/{hash}";

    public static object ToResponse(string datasetId, DatasetRow row) =>
        ImageReference.Parse(row.Text) is { } image
            ? new { index = row.Index, label = row.Label, image = new { image.Hash, image.Width, image.Height, image.Channels, url = Url(datasetId, image.Hash) } }
            : new { index = row.Index, label = row.Label, image = (object?)null };

    // An image row's pixels for a task that trains or evaluates on them (TaskJob.ReadImage, EvaluationJob.ReadImage).
    public static TuneStudio.Engine.Tasks.DecodedImage Decode(DatasetStore store, string text)
    {
        var reference = ImageReference.Parse(text)
            ?? throw new InvalidDataException($"A row of the dataset holds no image reference ('{text}').");
        var (pixels, width, height, channels) = store.Images.ReadPixels(reference.Hash)
            ?? throw new InvalidDataException($"Image {reference.Hash} is missing from the blob store.");
        return new TuneStudio.Engine.Tasks.DecodedImage(pixels, width, height, channels);
    }

    // Stored bytes are already PNG (IDX images are stored as PNG) or JPEG: served as they are, with their own type.
    // Blobs are shared between datasets: only a blob that a row of this dataset refers to is served, so reading one
    // dataset never opens another's images by hash.
    public static IResult Serve(string id, string hash, DatasetStore store)
    {
        if (store.Get(id) is not { Task: DatasetTasks.ImageClassification })
            return Problems.NotFound($"Dataset '{id}' does not exist or holds no images.");
        if (!store.HoldsImage(id, hash) || store.Images.Read(hash) is not { } bytes)
            return Problems.NotFound($"Dataset '{id}' has no image '{hash}'.");
        return Results.File(bytes, ImageFormats.ContentType(bytes) ?? "application/octet-stream", enableRangeProcessing: false);
    }
}
