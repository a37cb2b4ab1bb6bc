using Microsoft.AspNetCore.Http.Features;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Models;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public sealed record RenameModelRequest(string? Name);

public static class ModelsEndpoints
{
    public static void MapModelsApi(this IEndpointRouteBuilder app)
    {
        // Text models first, then image models; each with every task it trains and every method it takes.
        app.MapGet("/api/models", (ModelCatalog catalog) => catalog.All).WithTags("Models").RequireAuthorization(Policies.Read);

        // Scripts post a zip of a Hugging Face folder; the studio's own page calls ModelImports directly.
        app.MapPost("/api/models", Import).DisableAntiforgery().WithTags("Models")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ModelInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(Policies.Train);

        // One model with, for an import, who brought it, when, from which file, and the run an export of ours came from.
        app.MapGet("/api/models/{id}", (string id, ModelCatalog catalog, ModelImports imports) =>
            catalog.Find(id) is not { } model ? Problems.NotFound($"Model '{id}' does not exist.")
            : Results.Ok(new { model, imported = imports.Imported(id) is { } i ? new { i.ImportedBy, i.ImportedAt, i.SourceFileName, i.FromRun, i.FromCheckpoint } : null }))
            .WithTags("Models").ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Read);

        // A name another model has too comes back as a warning beside the renamed model.
        app.MapPatch("/api/models/{id}", (string id, RenameModelRequest body, ModelImports imports, HttpContext http) =>
        {
            var result = imports.Rename(id, body.Name ?? "", http.User.UserName());
            return result.Outcome == ModelChange.Done ? Results.Ok(new { model = imports.Imported(id)!.Model, warning = result.Message }) : Refused(result);
        }).WithTags("Models").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Train);

        // 409 naming the runs while any run uses the model.
        app.MapDelete("/api/models/{id}", (string id, ModelImports imports, HttpContext http) =>
            imports.Delete(id, http.User.UserName()) is { Outcome: not ModelChange.Done } refused ? Refused(refused) : Results.NoContent())
            .WithTags("Models").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Train);
    }

    private static IResult Refused(ModelChangeResult result) => result.Outcome switch
    {
        ModelChange.NotFound => Problems.NotFound(result.Message!),
        ModelChange.Invalid => Problems.InvalidFields([new FieldError("name", result.Message!)]),
        ModelChange.InUse => Results.Problem(title: "Model in use", detail: result.Message, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["runs"] = result.Runs }),
        _ => Problems.Conflict(result.Message!),
    };

    private static async Task<IResult> Import(HttpRequest request, ModelImports imports, Microsoft.Extensions.Options.IOptions<StudioOptions> options,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return Problems.InvalidUpload("request", [new ValidationError(0, "file", "Send multipart/form-data with a 'file' part (a zip of config.json, model.safetensors and vocab.txt, or a torchvision ResNet's .safetensors).")], 1);
        IFormCollection form;
        try { form = await UploadForms.ReadAsync(request, options.Value.MaxUploadBytes, ct); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return Problems.TooLarge(options.Value.MaxUploadBytes); }
        catch (UploadFormException e) { return Problems.UnreadableForm(e, options.Value.MaxUploadBytes); }

        var file = form.Files.GetFile("file");
        if (file is null)
            return Problems.InvalidUpload("request", [new ValidationError(0, "file", "The form has no 'file' part.")], 1);
        string name = form["name"].ToString() is { Length: > 0 } n ? n : Path.GetFileNameWithoutExtension(file.FileName);
        if (InputText.CheckName(name) is { } badName) return Problems.InvalidUpload(file.FileName, [new ValidationError(0, "name", badName)], 1);

        await using var zip = file.OpenReadStream();
        var result = await Task.Run(() => imports.Import(zip, file.FileName, name, request.HttpContext.User.UserName()), ct);
        if (result.Model is { } imported)
        {
            // The model's own fields, plus "warnings" (a duplicate name) when there are any.
            var body = System.Text.Json.JsonSerializer.SerializeToNode(imported, json.Value.SerializerOptions)!.AsObject();
            if (result.Warnings is { Count: > 0 } warnings) body["warnings"] = new System.Text.Json.Nodes.JsonArray([.. warnings.Select(w => (System.Text.Json.Nodes.JsonNode?)w)]);
            return Results.Created($"/api/models/{imported.Id}", body);
        }
        return result.Model is { } model
            ? Results.Created($"/api/models/{model.Id}", model)
            : Problems.InvalidUpload(file.FileName, result.Problems.Select(p => new ValidationError(0, "file", p)).ToList(), result.Problems.Count);
    }
}
