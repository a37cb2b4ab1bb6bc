using System.Security.Claims;
using TuneStudio.Storage;
using TuneStudio.Web.Evaluations;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

// Evaluations: queued jobs that score a checkpoint on a dataset version's split, their reports and examples.
public static class EvaluationsEndpoints
{
    public const int MaxTake = 500;

    public static void MapEvaluationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/evaluations").WithTags("Evaluations");

        group.MapPost("/", (EvaluationRequest request, EvaluationService service, ClaimsPrincipal user) =>
        {
            var (evaluation, errors, status) = service.Start(request, user);
            if (evaluation is null)
                return status == StatusCodes.Status404NotFound ? Problems.NotFound(errors[0].Message) : Problems.InvalidFields(errors);
            return Results.Accepted($"/api/evaluations/{evaluation.Id}", new { id = evaluation.Id, status = evaluation.Status });
        }).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Train);

        group.MapGet("/{id}", (string id, EvaluationService service, ClaimsPrincipal user) =>
            service.Get(id, user) is { } evaluation ? Results.Ok(EvaluationView.From(evaluation)) : Problems.NotFound($"Evaluation '{id}' does not exist."))
            .RequireAuthorization(Policies.Read);

        group.MapGet("/{id}/examples", (string id, int? skip, int? take, string? sort, string? order, string? trueLabel, string? predictedLabel,
            bool? correct, string? q, EvaluationService service, ClaimsPrincipal user) =>
        {
            if (service.Get(id, user) is not { } evaluation) return Problems.NotFound($"Evaluation '{id}' does not exist.");
            var errors = new List<FieldError>();
            if (skip is < 0) errors.Add(new("skip", "skip must be 0 or more."));
            if (take is < 1 or > MaxTake) errors.Add(new("take", $"take must be between 1 and {MaxTake}."));
            if (sort is not (null or "loss" or "confidence" or "row")) errors.Add(new("sort", $"'{sort}' is not a sort; use loss, confidence or row."));
            if (order is not (null or "asc" or "desc")) errors.Add(new("order", $"'{order}' is not an order; use asc or desc."));
            if (errors.Count > 0) return Problems.InvalidFields(errors);
            var page = service.Examples(id, new EvaluationExampleQuery(skip ?? 0, take ?? 50, sort ?? "loss",
                (order ?? (sort == "row" ? "asc" : "desc")) == "desc", trueLabel, predictedLabel, correct, q));
            return Results.Ok(new { total = page.Total, items = page.Items.Select(x => EvaluationView.Example(evaluation.DatasetId, x)) });
        }).ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Policies.Read);

        group.MapPost("/{id}/cancel", (string id, EvaluationService service, ClaimsPrincipal user) => service.Cancel(id, user) switch
        {
            EvaluationService.CancelOutcome.NotFound => Problems.NotFound($"Evaluation '{id}' does not exist."),
            EvaluationService.CancelOutcome.Forbidden => Problems.Forbidden($"Evaluation '{id}' is not yours; only whoever started it, the run's owner or an admin may cancel it."),
            EvaluationService.CancelOutcome.AlreadyEnded => Problems.Conflict($"Evaluation '{id}' has already ended."),
            _ => Results.Accepted($"/api/evaluations/{id}"),
        }).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Train);

        app.MapGet("/api/runs/{id}/evaluations", (string id, RunStore runs, DatasetAccess access, EvaluationService service, ClaimsPrincipal user) =>
            runs.Get(id) is not { } run ? Problems.NotFound($"Run '{id}' does not exist.")
            : !access.MayRead(user, run.DatasetId) ? RunsEndpoints.Unreadable(run)
            : Results.Ok(service.ForRun(id).Where(e => access.MayRead(user, e.DatasetId)).Select(EvaluationView.Summary)))
            .WithTags("Evaluations").RequireAuthorization(Policies.Read);
    }
}
