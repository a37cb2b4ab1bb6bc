using System.IO.Compression;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class CheckpointExportEndpoint
{
    private static readonly string[] Formats = ["huggingface", "peft", "torchvision"];

    // A checkpoint as Hugging Face tools read it: a full model (huggingface, adapters merged in unless merged=false) or a
    // PEFT adapter (peft, runs of a registered adapter only: lora, dora, ia3); or, for image runs on torchvision ResNets, torchvision's state dict
    // (torchvision). Written to a temporary folder, zipped, and the folder removed.
    private static IEnumerable<string> AdapterMethods => AdapterRegistry.All.Select(adapter => RunConfigJson.MethodName(adapter.Method));

    // A run record's method (its API name) is one the registry lists as an adapter.
    public static bool ExportsAsPeft(string? method) => AdapterMethods.Contains(method);

    public static void MapCheckpointExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/checkpoints/{id}/export", async (string id, string? format, bool? merged, RunStore runs, HttpContext http) =>
        {
            var checkpoint = runs.GetCheckpoint(id);
            if (checkpoint is null || !Directory.Exists(checkpoint.Directory))
                return Problems.NotFound($"Checkpoint '{id}' does not exist.");
            format ??= "huggingface";
            if (!Formats.Contains(format))
                return Problems.InvalidFields([new FieldError("format", $"Unknown format '{format}'. Use huggingface, peft or torchvision.")]);
            if (format == "peft" && !ExportsAsPeft(runs.Get(checkpoint.RunId)?.Method))
                return Problems.InvalidFields([new FieldError("format", $"Only adapter runs ({string.Join(", ", AdapterMethods)}) export as a PEFT adapter; use huggingface.")]);

            var work = Path.Combine(Path.GetTempPath(), "tunestudio-export-" + Guid.NewGuid().ToString("N"));
            var folder = Path.Combine(work, "export");
            try
            {
                var asAdapter = format == "peft";
                try
                {
                    if (format == "torchvision")
                        await Task.Run(() => TorchvisionResNetExport.ExportCheckpoint(checkpoint.Directory, folder));
                    else
                        await Task.Run(() => PretrainedExport.ExportHuggingFace(checkpoint.Directory, folder, merged: !asAdapter && merged != false));
                }
                catch (NotSupportedException e)
                {
                    return Problems.InvalidFields([new FieldError("format", e.Message)]);
                }

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
