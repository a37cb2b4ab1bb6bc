using System.Security.Claims;
using TuneStudio.Storage;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Reviews;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public sealed record ReviewSelectionRequest(string? Kind, string? LabelEquals, string? TextContains, int? Size, int? Seed, List<long>? Rows);

public sealed record CreateReviewRequest(string? DatasetId, int? Version, string? Name, ReviewSelectionRequest? Selection, List<string>? Annotators, int? Overlap);

public sealed record AnnotationRequest(string? Label, bool? Skip, bool? Flag, string? Comment, long? BasedOn);

public sealed record ResolveRequest(string? Label, long? BasedOn);

public static class ReviewsEndpoints
{
    public static void MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reviews").WithTags("Reviews");

        group.MapPost("/", (CreateReviewRequest body, ReviewService service, ClaimsPrincipal user) =>
        {
            if (body.DatasetId is null || body.Version is null)
                return Problems.InvalidFields([new FieldError("datasetId", "'datasetId' and 'version' are required.")]);
            var s = body.Selection;
            var selection = new ReviewSelection(s?.Kind ?? ReviewSelection.All, s?.LabelEquals, s?.TextContains, s?.Size ?? 0, s?.Seed ?? 42, s?.Rows);
            var (task, errors) = service.Create(
                new NewReviewTask(body.DatasetId, body.Version.Value, body.Name, selection, body.Annotators ?? [], body.Overlap ?? 1), user.UserName());
            return task is null
                ? Problems.InvalidFields(errors.Select(e => new FieldError(e.Field, e.Message)).ToList())
                : Results.Created($"/api/reviews/{task.Id}", service.Store.Summary(task.Id));
        }).ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Policies.Train);

        // Annotators see the tasks they are assigned to; engineers and admins every task.
        group.MapGet("/", (ReviewStore reviews, ClaimsPrincipal user) =>
            reviews.List().Where(t => MaySee(t, user)).Select(t => reviews.Summary(t.Id))).RequireAuthorization(Policies.Review);

        group.MapGet("/{id}", (string id, ReviewStore reviews, ClaimsPrincipal user) =>
            reviews.Get(id) is not { } task ? Missing(id) : !MaySee(task, user) ? NotYours(id) : Results.Ok(reviews.Summary(id)))
            .RequireAuthorization(Policies.Review);

        // 204 when the caller's queue is empty.
        group.MapGet("/{id}/next", (string id, ReviewStore reviews, ClaimsPrincipal user) =>
        {
            if (reviews.Get(id) is null) return Missing(id);
            return reviews.Next(id, user.UserName()) is { } item ? Results.Ok(item) : Results.NoContent();
        }).RequireAuthorization(Policies.Review);

        group.MapPost("/{id}/items/{itemId:int}", (string id, int itemId, AnnotationRequest body, ReviewService service, ClaimsPrincipal user) =>
        {
            if (body.BasedOn is null) return Problems.InvalidFields([new FieldError("basedOn", "'basedOn' is required: the revision the answer was based on.")]);
            if (InputText.CheckNote(body.Comment, "The comment") is { } longComment) return Problems.InvalidFields([new FieldError("comment", longComment)]);
            var input = new AnnotationInput(body.Label, body.Skip ?? false, body.Flag ?? false, body.Comment, body.BasedOn.Value);
            return Answer(service.Annotate(id, itemId, user.UserName(), input));
        }).Produces<SaveResult>().ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Review);

        // Back: takes the caller's latest answer back and returns that item to answer again.
        group.MapPost("/{id}/undo", (string id, ReviewService service, ClaimsPrincipal user) =>
        {
            var result = service.Undo(id, user.UserName());
            return result.Outcome switch
            {
                SaveOutcome.Saved => Results.Ok(new { item = result.Item, undone = new { label = result.Removed!.Label, skipped = result.Removed.Skipped, comment = result.Removed.FlagComment } }),
                SaveOutcome.NotFound => Problems.NotFound(result.Message!),
                _ => Problems.Conflict(result.Message!),
            };
        }).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Review);

        // The annotator picker's choices: enabled users who may review.
        group.MapGet("/annotators", (ReviewService service) => service.PossibleAnnotators()).RequireAuthorization(Policies.Train);

        group.MapGet("/{id}/conflicts", (string id, ReviewStore reviews, ClaimsPrincipal user) =>
            reviews.Get(id) is not { } task ? Missing(id) : !MaySee(task, user) ? NotYours(id) : Results.Ok(reviews.Conflicts(id)))
            .RequireAuthorization(Policies.Review);

        group.MapPost("/{id}/conflicts/{itemId:int}", (string id, int itemId, ResolveRequest body, ReviewService service, ClaimsPrincipal user) =>
            body.Label is null || body.BasedOn is null
                ? Problems.InvalidFields([new FieldError("label", "'label' and 'basedOn' are required.")])
                : Answer(service.Resolve(id, itemId, user.UserName(), body.Label, body.BasedOn.Value)))
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Train);

        // Unresolved conflicts refuse the close (409, listed in "unresolved") unless ?force=true.
        group.MapPost("/{id}/close", (string id, bool? force, ReviewService service, ClaimsPrincipal user) =>
        {
            if (service.Store.Get(id) is null) return Missing(id);
            var result = service.Close(id, user.UserName(), force ?? false);
            if (result.Closed) return Results.Ok(new { closed = true, message = result.Message, relabelled = result.Relabelled, version = result.Version });
            return result.Unresolved is { Count: > 0 } unresolved
                ? Results.Problem(title: "Unresolved conflicts", detail: result.Message, statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["unresolved"] = unresolved })
                : Problems.Conflict(result.Message ?? "The task could not be closed.");
        }).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Train);

        // Label definitions belong to a dataset version; they live here because review is what shows them.
        var definitions = app.MapGroup("/api/datasets/{datasetId}/versions/{version:int}/label-definitions").WithTags("Reviews");
        definitions.MapGet("/", (string datasetId, int version, DatasetStore datasets, LabelDefinitionStore store) =>
            datasets.GetVersion(datasetId, version) is null
                ? Problems.NotFound($"Dataset '{datasetId}' has no version {version}.")
                : Results.Ok(store.Get(datasetId, version))).RequireAuthorization(Policies.ReadDataset);
        definitions.MapPut("/", (string datasetId, int version, Dictionary<string, LabelDefinition>? body, DatasetStore datasets, LabelDefinitionStore store, ReviewService service, ClaimsPrincipal user) =>
        {
            if (datasets.GetVersion(datasetId, version) is not { } info) return Problems.NotFound($"Dataset '{datasetId}' has no version {version}.");
            // A token-classification version's definitions may name entity types (PER) as well as tags (B-PER).
            var known = info.Labels.Concat(TagSpans.EntityTypes(info.Labels)).ToHashSet();
            var unknown = (body ?? []).Keys.Where(l => !known.Contains(l)).ToList();
            if (unknown.Count > 0) return Problems.InvalidFields([new FieldError("labels", $"Version {version} has no label {string.Join(", ", unknown.Take(20).Select(l => $"'{l}'"))}.")]);
            if (LabelDefinitionStore.Problems(body ?? []) is { Count: > 0 } tooLong)
                return Problems.InvalidFields(tooLong.Select(p => new FieldError(p.Field, p.Message)).ToList());
            service.SaveDefinitions(datasetId, version, body ?? [], user.UserName());
            return Results.Ok(store.Get(datasetId, version));
        }).RequireAuthorization(Policies.Train);
    }

    private static IResult Missing(string id) => Problems.NotFound($"Review task '{id}' does not exist.");

    private static bool MaySee(ReviewTaskDocument task, ClaimsPrincipal user) =>
        user.CanTrain() || task.Annotators.Contains(user.UserName(), StringComparer.OrdinalIgnoreCase);

    private static IResult NotYours(string id) =>
        Results.Problem(title: "Not assigned", detail: $"Review task '{id}' is not assigned to you.", statusCode: StatusCodes.Status403Forbidden);

    private static IResult Answer(SaveResult result) => result.Outcome switch
    {
        SaveOutcome.Saved => Results.Ok(new { saved = true, revision = result.CurrentRevision }),
        SaveOutcome.NotFound => Problems.NotFound(result.Message!),
        SaveOutcome.NotAssigned => Results.Problem(title: "Not assigned", detail: result.Message, statusCode: StatusCodes.Status403Forbidden),
        SaveOutcome.Invalid => Problems.InvalidFields([new FieldError("label", result.Message!)]),
        SaveOutcome.Closed => Problems.Conflict(result.Message!),
        _ => Results.Problem(title: "Conflict", detail: result.Message, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["changedBy"] = result.ChangedBy,
                ["theirLabel"] = result.TheirLabel,
                ["currentRevision"] = result.CurrentRevision,
            }),
    };
}
