using System.IO.Compression;
using System.Security.Claims;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class CheckpointsEndpoints
{
    public static void MapCheckpointsApi(this IEndpointRouteBuilder app)
    {
        // A checkpoint is a folder (weights as safetensors + training state as JSON); it downloads as one zip,
        // streamed straight from disk.
        app.MapGet("/api/checkpoints/{id}/download", async (string id, RunStore runs, DatasetAccess access, AuditLog audit, ClaimsPrincipal user, HttpContext http) =>
        {
            var checkpoint = runs.GetCheckpoint(id);
            if (checkpoint is null || !Directory.Exists(checkpoint.Directory))
                return Problems.NotFound($"Checkpoint '{id}' does not exist.");
            if (runs.Get(checkpoint.RunId) is { } run && !access.MayRead(http.User, run.DatasetId)) return RunsEndpoints.Unreadable(run);
            audit.Record(user.UserName(), AuditActions.CheckpointDownloaded, checkpoint.RunId, $"{checkpoint.Name} (step {checkpoint.Step})");

            http.Response.ContentType = "application/zip";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{checkpoint.RunId}-{checkpoint.Name}.zip\"";
            await using var zip = new ZipArchive(http.Response.BodyWriter.AsStream(), ZipArchiveMode.Create, leaveOpen: true);
            foreach (var file in Directory.EnumerateFiles(checkpoint.Directory))
            {
                var entry = zip.CreateEntry(Path.GetFileName(file), CompressionLevel.Fastest);
                await using var target = await entry.OpenAsync(http.RequestAborted);
                await using var source = File.OpenRead(file);
                await source.CopyToAsync(target, http.RequestAborted);
            }
            return Results.Empty;
        }).WithTags("Checkpoints").RequireAuthorization(Policies.Read);

        app.MapDelete("/api/checkpoints/{id}", (string id, RunService service, ClaimsPrincipal user) =>
        {
            var (outcome, message) = service.DeleteCheckpoint(id, user);
            return outcome switch
            {
                CheckpointDeleteOutcome.Forbidden => Problems.Forbidden(message),
                CheckpointDeleteOutcome.NotFound => Problems.NotFound(message),
                CheckpointDeleteOutcome.Conflict => Problems.Conflict(message),
                _ => Results.NoContent(),
            };
        }).WithTags("Checkpoints").ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Train);

        app.MapCheckpointExport();
    }
}
