using System.Globalization;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

// GET /api/datasets/{id}/images/{hash}/augmentation-preview?horizontalFlip=true&maxRotationDegrees=10&seed=42&count=4:
// what training would show of one image, as PNG data URLs (the i-th as epoch i of a run with that seed would see it).
// Image-only and on its own route, beside the text preview of the dataset page; the copies come from
// ImageAugmentationPreviews, as the dataset page's.
public static class ImageAugmentationPreviewEndpoint
{
    private static readonly string[] Parameters =
        ["horizontalFlip", "verticalFlip", "cropScale", "maxRotationDegrees", "brightness", "contrast", "saturation", "seed", "count"];

    public static void MapImageAugmentationPreview(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/datasets/{id}/images/{hash}/augmentation-preview", (string id, string hash, HttpRequest http, ImageAugmentationPreviews previews) =>
        {
            var (request, unreadable) = Read(http.Query);
            var errors = unreadable.Count > 0 ? unreadable : request.Validate();
            if (errors.Count > 0) return Problems.InvalidFields(errors);
            if (previews.Copies(id, hash, request) is not { } images)
                return Problems.NotFound($"Dataset '{id}' does not exist, holds no images, or has no image '{hash}'.");
            return Results.Ok(new { seed = request.Seed, options = request.Image, images });
        }).WithTags("Datasets").RequireAuthorization(Policies.ReadDataset);

    // Numbers only in invariant form, flags only true/false; an unknown parameter is named rather than ignored.
    private static (ImageAugmentationPreviewRequest Request, List<FieldError> Errors) Read(IQueryCollection query)
    {
        var errors = query.Keys.Where(key => !Parameters.Contains(key))
            .Select(key => new FieldError(key, $"Unknown parameter '{key}'; use {string.Join(", ", Parameters)}."))
            .ToList();
        double Number(string name, double fallback)
        {
            if (!query.TryGetValue(name, out var text)) return fallback;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
            errors.Add(new FieldError(name, $"'{text}' is not a number."));
            return fallback;
        }
        int Whole(string name, int fallback)
        {
            if (!query.TryGetValue(name, out var text)) return fallback;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
            errors.Add(new FieldError(name, $"'{text}' is not a whole number."));
            return fallback;
        }
        bool Flag(string name)
        {
            if (!query.TryGetValue(name, out var text)) return false;
            if (bool.TryParse(text, out var value)) return value;
            errors.Add(new FieldError(name, $"'{text}' is not true or false."));
            return false;
        }

        var defaults = new ImageAugmentationPreviewRequest();
        var request = new ImageAugmentationPreviewRequest
        {
            Image = new ImageAugmentationOptions
            {
                HorizontalFlip = Flag("horizontalFlip"),
                VerticalFlip = Flag("verticalFlip"),
                CropScale = Number("cropScale", 1),
                MaxRotationDegrees = Number("maxRotationDegrees", 0),
                Brightness = Number("brightness", 0),
                Contrast = Number("contrast", 0),
                Saturation = Number("saturation", 0),
            },
            Seed = Whole("seed", defaults.Seed),
            Count = Whole("count", defaults.Count),
        };
        return (request, errors);
    }
}
