using System.Security.Claims;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Api;

public static class RunsEndpoints
{
    public static void MapRunsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/runs").WithTags("Runs");

        group.MapPost("/", (CreateRunRequest request, RunService service, ClaimsPrincipal user) =>
        {
            var (run, errors) = service.Create(request, user);
            return run is null
                ? Problems.InvalidFields(errors)
                : Results.Accepted($"/api/runs/{run.Id}", new { id = run.Id, status = run.Status });
        }).ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Policies.Train);

        group.MapGet("/", (string? startedBy, RunStore runs) => runs.List()
            .Where(r => string.IsNullOrEmpty(startedBy) || string.Equals(r.StartedBy, startedBy, StringComparison.OrdinalIgnoreCase))
            .Select(r => RunView.From(r, []))).RequireAuthorization(Policies.Read);

        group.MapGet("/{id}", (string id, RunStore runs) =>
            runs.Get(id) is { } run
                ? Results.Ok(RunView.From(run, runs.GetCheckpoints(id)))
                : Problems.NotFound($"Run '{id}' does not exist.")).RequireAuthorization(Policies.Read);

        group.MapPost("/{id}/cancel", (string id, RunService service, RunStore runs, ClaimsPrincipal user) => service.Cancel(id, user) switch
        {
            CancelOutcome.Forbidden => Results.Forbid(),
            CancelOutcome.NotFound => Problems.NotFound($"Run '{id}' does not exist."),
            CancelOutcome.AlreadyFinished => Problems.Conflict($"Run '{id}' is {runs.Get(id)?.Status}; only queued or running runs can be cancelled."),
            _ => Results.Accepted($"/api/runs/{id}", new { id, status = runs.Get(id)?.Status }),
        }).RequireAuthorization(Policies.Train);

        group.MapGet("/{id}/metrics", (string id, string? key, long? afterStep, RunStore runs, RunTelemetry telemetry) =>
            runs.Get(id) is null
                ? Problems.NotFound($"Run '{id}' does not exist.")
                : Results.Ok(new { runId = id, points = telemetry.ReadAfterStep(id, afterStep ?? 0, key) })).RequireAuthorization(Policies.Read);
    }
}
