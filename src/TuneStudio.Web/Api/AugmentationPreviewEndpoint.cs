using System.Globalization;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class AugmentationPreviewEndpoint
{
    private static readonly string[] Parameters = ["deletionProbability", "swapProbability", "typoProbability", "seed", "epoch", "skip", "take"];

    // GET /api/datasets/{id}/versions/{v}/augmentation-preview?typoProbability=0.05&seed=42: rows beside their
    // augmented forms. Read-only and computed on the fly, so anyone who may read the dataset may preview it.
    public static void MapAugmentationPreview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{id}/versions/{version:int}/augmentation-preview", (string id, int version, HttpRequest http, AugmentationPreviews previews) =>
        {
            var (request, unreadable) = Read(http.Query);
            var errors = unreadable.Count > 0 ? unreadable : request.Validate();
            if (errors.Count > 0) return Problems.InvalidFields(errors);
            var preview = previews.Preview(id, version, request);
            if (preview is null) return Problems.NotFound($"Dataset '{id}' has no version {version}.");
            return preview.Unavailable is { } why ? Problems.Conflict(why) : Results.Ok(preview);
        }).WithTags("Datasets").RequireAuthorization(Policies.ReadDataset);
    }

    // Numbers only in invariant form; an unknown parameter is named rather than ignored, so a typo never previews zero noise.
    private static (AugmentationPreviewRequest Request, List<FieldError> Errors) Read(IQueryCollection query)
    {
        var errors = query.Keys.Where(key => !Parameters.Contains(key))
            .Select(key => new FieldError(key, $"Unknown parameter '{key}'; use {string.Join(", ", Parameters)}."))
            .ToList();
        double Probability(string name)
        {
            if (!query.TryGetValue(name, out var text)) return 0;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
            errors.Add(new FieldError(name, $"'{text}' is not a number."));
            return 0;
        }
        int Whole(string name, int fallback)
        {
            if (!query.TryGetValue(name, out var text)) return fallback;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
            errors.Add(new FieldError(name, $"'{text}' is not a whole number."));
            return fallback;
        }

        var defaults = new AugmentationPreviewRequest();
        var request = new AugmentationPreviewRequest
        {
            Text = new TextAugmentationOptions
            {
                DeletionProbability = Probability("deletionProbability"),
                SwapProbability = Probability("swapProbability"),
                TypoProbability = Probability("typoProbability"),
            },
            Seed = Whole("seed", defaults.Seed),
            Epoch = Whole("epoch", defaults.Epoch),
            Skip = Whole("skip", defaults.Skip),
            Take = Whole("take", defaults.Take),
        };
        return (request, errors);
    }
}
