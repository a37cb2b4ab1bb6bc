using System.Text.Json.Nodes;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

// The run dialog's two questions, for scripts: what would this run train, and what batch fits. Both take the body of
// POST /api/runs, resolved the same way (the data decides the task), and build the model, so they need training rights.
public static class RunPlanEndpoints
{
    private const int LearningRatePoints = 100;

    public static void MapRunPlanApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/runs").WithTags("Runs");

        group.MapPost("/plan", async (HttpRequest http, RunService service, RunPlans plans, DatasetStore datasets) =>
        {
            var (resolved, errors) = await ResolveAsync(http, service);
            if (resolved is null) return Problems.InvalidFields(errors);
            var rows = TrainingRows(resolved, datasets);
            var (plan, problem) = await Task.Run(() => plans.Describe(resolved.Config, resolved.Dataset, rows));
            if (plan is null) return Problems.InvalidFields([new FieldError("model", problem ?? "The model could not be built.")]);
            return Results.Ok(new
            {
                trainableParameters = plan.TrainableParameters,
                totalParameters = plan.TotalParameters,
                trainingRows = rows,
                stepsPerEpoch = plan.StepsPerEpoch,
                totalSteps = plan.TotalSteps,
                unfreezeTimeline = plan.UnfreezeTimeline.Select(s => new { step = s.Step, trainableBlocks = s.TrainableBlocks, trainableParameters = s.TrainableParameters }),
                learningRate = SampledSteps(plan.TotalSteps).Select(step => new { step, value = plan.Schedule.At(step) }),
            });
        }).Accepts<JsonObject>("application/json").ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Policies.Train);

        group.MapPost("/batch-size", async (HttpRequest http, RunService service, RunPlans plans, DatasetStore datasets) =>
        {
            var (resolved, errors) = await ResolveAsync(http, service);
            if (resolved is null) return Problems.InvalidFields(errors);
            var rows = TrainingRows(resolved, datasets);
            try
            {
                var advice = await Task.Run(() => plans.FindBatchSize(resolved.Config, resolved.Dataset.Labels.Count, rows));
                return Results.Ok(advice);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                return Problems.InvalidFields([new FieldError("batchSize", $"Could not measure: {e.Message}")]);
            }
        }).Accepts<JsonObject>("application/json").ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Policies.Train);
    }

    private static async Task<(ResolvedRun?, IReadOnlyList<FieldError>)> ResolveAsync(HttpRequest http, RunService service)
    {
        var (request, errors) = await RunRequestJson.ReadAsync(http.Body, http.HttpContext.RequestAborted);
        return request is null ? (null, errors) : service.Resolve(request);
    }

    private static long TrainingRows(ResolvedRun run, DatasetStore datasets)
    {
        var version = datasets.GetVersion(run.Dataset.Id, run.Version);
        return RunPlans.TrainingRows(run.Config, version, version?.RowCount ?? run.Dataset.Rows);
    }

    // About LearningRatePoints steps from 1 to the last, which is always included.
    private static IEnumerable<long> SampledSteps(long totalSteps)
    {
        long every = Math.Max(1, totalSteps / LearningRatePoints);
        for (long step = 1; step < totalSteps; step += every) yield return step;
        if (totalSteps > 0) yield return totalSteps;
    }
}
