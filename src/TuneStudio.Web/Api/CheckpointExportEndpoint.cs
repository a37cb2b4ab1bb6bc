using System.IO.Compression;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Pretrained;
using System.Security.Claims;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class CheckpointExportEndpoint
{
    // A checkpoint in one of its task's export formats (TaskDescription.ExportFormats): a full Hugging Face model
    // (huggingface, adapters merged in unless merged=false) or a PEFT adapter (peft, runs of a registered adapter only:
    // lora, dora, ia3) for text tasks; torchvision's state dict for image runs on torchvision ResNets; a
    // sentence-transformers folder for sentence-embedding runs. Written to a temporary folder, zipped, and the folder
    // removed.
    private static IEnumerable<string> AdapterMethods => AdapterRegistry.All.Select(adapter => RunConfigJson.MethodName(adapter.Method));

    // A run record's method (its API name) is one the registry lists as an adapter.
    public static bool ExportsAsPeft(string? method) => AdapterMethods.Contains(method);

    public static void MapCheckpointExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/checkpoints/{id}/export", async (string id, string? format, bool? merged, RunStore runs, Engine.ModelCatalog catalog, AuditLog audit, ClaimsPrincipal user, HttpContext http,
            TuneStudio.Web.Security.DatasetAccess access) =>
        {
            var checkpoint = runs.GetCheckpoint(id);
            var run = checkpoint is null ? null : runs.Get(checkpoint.RunId);
            if (checkpoint is null || run is null || !Directory.Exists(checkpoint.Directory))
                return Problems.NotFound($"Checkpoint '{id}' does not exist.");
            if (!access.MayRead(http.User, run.DatasetId)) return RunsEndpoints.Unreadable(run);
            var task = catalog.Tasks.Find(RunConfigJson.TaskOf(run));
            if (task is null) return Problems.InvalidFields([new FieldError("format", $"This studio has no task that exports run '{run.Id}'.")]);
            var offered = task.Description.ExportFormats;
            format ??= offered[0];
            if (!catalog.Tasks.All.Any(known => known.Description.ExportFormats.Contains(format)))
                return Problems.InvalidFields([new FieldError("format", $"Unknown format '{format}'. Use {string.Join(" or ", offered)}.")]);
            if (!offered.Contains(format))
                return Problems.InvalidFields([new FieldError("format", $"{task.Description.Title} runs export as {string.Join(" or ", offered)}, not {format}.")]);
            if (format == "peft" && !ExportsAsPeft(run.Method))
                return Problems.InvalidFields([new FieldError("format", $"Only adapter runs ({string.Join(", ", AdapterMethods)}) export as a PEFT adapter; use huggingface.")]);

            var work = Path.Combine(Path.GetTempPath(), "tunestudio-export-" + Guid.NewGuid().ToString("N"));
            var folder = Path.Combine(work, "export");
            try
            {
                try
                {
                    await Task.Run(() => task.Export(format, checkpoint.Directory, folder, catalog, merged: merged != false));
                }
                catch (NotSupportedException e)
                {
                    return Problems.InvalidFields([new FieldError("format", e.Message)]);
                }

                // Importing the zip back (Models page) links the model to this run.
                TuneStudio.Web.Models.ExportOrigin.Write(folder, run.Id, checkpoint.Id);
                // Recorded once the export exists: a refused or failed export gave nothing away.
                audit.Record(user.UserName(), AuditActions.CheckpointExported, checkpoint.RunId,
                    $"{checkpoint.Name} (step {checkpoint.Step}) as {format}{(format is "huggingface" && merged == false ? ", adapters unmerged" : "")}");
                http.Response.ContentType = "application/zip";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{checkpoint.RunId}-{checkpoint.Name}-{format}.zip\"";
                await using (var zip = new ZipArchive(http.Response.BodyWriter.AsStream(), ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var file in Directory.EnumerateFiles(folder))
                    {
                        var entry = zip.CreateEntry(Path.GetFileName(file), CompressionLevel.Fastest);
                        await using var target = await entry.OpenAsync(http.RequestAborted);
                        await using var source = File.OpenRead(file);
                        await source.CopyToAsync(target, http.RequestAborted);
                    }
                }
                return Results.Empty;
            }
            finally
            {
                try { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
        }).WithTags("Checkpoints").ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Policies.Read);
    }
}
