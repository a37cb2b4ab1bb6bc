using System.Globalization;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

// GET /api/datasets/{id}/images/{hash}/augmentation-preview?horizontalFlip=true&maxRotationDegrees=10&seed=42&count=4:
// what training would show of one image, as PNG data URLs (the i-th as epoch i of a run with that seed would see it).
// Image-only and on its own route, beside the text preview of the dataset page.
public static class ImageAugmentationPreviewEndpoint
{
    private const int MaxCount = 16;

    public static void MapImageAugmentationPreview(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/datasets/{id}/images/{hash}/augmentation-preview", (string id, string hash, HttpRequest http, DatasetStore store) =>
        {
            if (store.Get(id) is not { Task: DatasetTasks.ImageClassification })
                return Problems.NotFound($"Dataset '{id}' does not exist or holds no images.");
            var errors = new List<FieldError>();
            var query = http.Query;
            double Number(string name, double fallback) =>
                !query.TryGetValue(name, out var text) ? fallback
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
                : Invalid(name, fallback);
            double Invalid(string name, double fallback)
            {
                errors.Add(new FieldError(name, $"'{query[name]}' is not a number."));
                return fallback;
            }
            var options = new ImageAugmentationOptions
            {
                HorizontalFlip = query["horizontalFlip"] == "true",
                VerticalFlip = query["verticalFlip"] == "true",
                CropScale = Number("cropScale", 1),
                MaxRotationDegrees = Number("maxRotationDegrees", 0),
                Brightness = Number("brightness", 0),
                Contrast = Number("contrast", 0),
                Saturation = Number("saturation", 0),
            };
            var seed = (int)Number("seed", 42);
            var count = (int)Number("count", 4);
            // The run config's own rules, so the preview refuses exactly what a run would.
            errors.AddRange(new Engine.TrainingConfig { Augmentation = new AugmentationOptions { Image = options } }.Validate()
                .Select(error => new FieldError(error.Field.Replace("augmentation.image.", "", StringComparison.Ordinal), error.Message)));
            if (count < 1 || count > MaxCount) errors.Add(new FieldError("count", $"Count must be between 1 and {MaxCount}."));
            if (errors.Count > 0) return Problems.InvalidFields(errors);
            if (store.Images.ReadPixels(hash) is not var (pixels, width, height, channels))
                return Problems.NotFound($"Dataset '{id}' has no image '{hash}'.");

            var previews = ImageAugmenter.Preview(pixels, width, height, channels, options, seed, count)
                .Select(copy => "data:image/png;base64," + Convert.ToBase64String(ImageBlobs.EncodePng(copy, width, height, channels)))
                .ToList();
            return Results.Ok(new { seed, options, images = previews });
        }).WithTags("Datasets").RequireAuthorization(Policies.Read);
}
