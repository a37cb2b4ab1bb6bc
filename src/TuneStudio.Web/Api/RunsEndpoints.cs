using System.Security.Claims;
using System.Text.Json.Nodes;
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

        // The body is read by hand so that an unknown or mistyped config field comes back named, like a bad value.
        group.MapPost("/", async (HttpRequest http, RunService service, ClaimsPrincipal user) =>
        {
            var (request, errors) = await RunRequestJson.ReadAsync(http.Body, http.HttpContext.RequestAborted);
            if (request is null) return Problems.InvalidFields(errors);
            var (run, invalid) = service.Create(request, user);
            return run is null
                ? invalid is [{ Field: RunService.QueueField } full]
                    ? Results.Problem(title: "Quota reached", detail: full.Message, statusCode: StatusCodes.Status429TooManyRequests)
                    : Problems.InvalidFields(invalid)
                : Results.Accepted($"/api/runs/{run.Id}", new { id = run.Id, status = run.Status });
        }).Accepts<JsonObject>("application/json").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).RequireAuthorization(Policies.Train);

        // An annotator sees only the runs on datasets they may read (DatasetAccess), everyone else every run.
        group.MapGet("/", (string? startedBy, RunStore runs, DatasetAccess access, ClaimsPrincipal user) => access.Readable(user, runs.List(), r => r.DatasetId)
            .Where(r => string.IsNullOrEmpty(startedBy) || string.Equals(r.StartedBy, startedBy, StringComparison.OrdinalIgnoreCase))
            .Select(r => RunView.From(r, []))).RequireAuthorization(Policies.Read);

        group.MapGet("/{id}", (string id, RunStore runs, DatasetAccess access, ClaimsPrincipal user) =>
            runs.Get(id) is not { } run ? Problems.NotFound($"Run '{id}' does not exist.")
            : !access.MayRead(user, run.DatasetId) ? Unreadable(run)
            : Results.Ok(RunView.From(run, runs.GetCheckpoints(id)))).RequireAuthorization(Policies.Read);

        group.MapPost("/{id}/cancel", (string id, RunService service, RunStore runs, ClaimsPrincipal user) => service.Cancel(id, user) switch
        {
            CancelOutcome.Forbidden => Problems.Forbidden(RunService.WhyNotAllowed(runs.Get(id)!, user, "cancel")!),
            CancelOutcome.NotFound => Problems.NotFound($"Run '{id}' does not exist."),
            CancelOutcome.AlreadyFinished => Problems.Conflict($"Run '{id}' is {runs.Get(id)?.Status}; only queued or running runs can be cancelled."),
            _ => Results.Accepted($"/api/runs/{id}", new { id, status = runs.Get(id)?.Status }),
        }).RequireAuthorization(Policies.Train);

        // Optional body { checkpointId }: without it the run continues from its last checkpoint.
        group.MapPost("/{id}/resume", async (string id, HttpRequest http, RunService service, ClaimsPrincipal user) =>
        {
            string? checkpointId = null;
            if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
            {
                try
                {
                    var body = await JsonNode.ParseAsync(http.Body, documentOptions: RunConfigJson.NoDuplicateKeys, cancellationToken: http.HttpContext.RequestAborted);
                    checkpointId = body?["checkpointId"]?.GetValue<string>();
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
                {
                    return Problems.InvalidFields([new FieldError("checkpointId", "Send { \"checkpointId\": \"...\" } or no body.")]);
                }
            }
            var (outcome, message) = service.Resume(id, checkpointId, user);
            return outcome switch
            {
                ResumeOutcome.Forbidden => Problems.Forbidden(message),
                ResumeOutcome.NotFound or ResumeOutcome.CheckpointNotFound => Problems.NotFound(message),
                ResumeOutcome.Conflict => Problems.Conflict(message),
                _ => Results.Accepted($"/api/runs/{id}", new { id, status = RunStatus.Queued, message }),
            };
        }).Accepts<JsonObject>("application/json").ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Train);

        // Live history by default; includeSuperseded adds what a resume replaced, each point flagged.
        group.MapGet("/{id}/metrics", (string id, string? key, long? afterStep, bool? includeSuperseded, RunStore runs, MetricStore metrics, RunTelemetry telemetry,
            DatasetAccess access, ClaimsPrincipal user) =>
        {
            if (runs.Get(id) is not { } run) return Problems.NotFound($"Run '{id}' does not exist.");
            if (!access.MayRead(user, run.DatasetId)) return Unreadable(run);
            var live = telemetry.ReadAfterStep(id, afterStep ?? 0, key);
            if (includeSuperseded != true) return Results.Ok(new { runId = id, points = live });
            var superseded = metrics.ReadSuperseded(id, key, afterStep ?? 0)
                .Select(r => new FlaggedPoint(r.Step, r.Key, r.Value, new DateTimeOffset(DateTime.SpecifyKind(r.Time, DateTimeKind.Utc)), true));
            var points = live.Select(p => new FlaggedPoint(p.Step, p.Key, p.Value, p.Time, false))
                .Concat(superseded).OrderBy(p => p.Step).ThenBy(p => p.Superseded).ToList();
            return Results.Ok(new { runId = id, points });
        }).RequireAuthorization(Policies.Read);
    }

    public static IResult Unreadable(RunRecord run) =>
        Problems.Forbidden($"Run '{run.Id}' trains on dataset '{run.DatasetId}', which you are not assigned to review.");

    private sealed record FlaggedPoint(long Step, string Key, double Value, DateTimeOffset Time, bool Superseded);
}
