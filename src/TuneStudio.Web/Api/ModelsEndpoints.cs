using Microsoft.AspNetCore.Http.Features;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Models;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

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
    }

    private static async Task<IResult> Import(HttpRequest request, ModelImports imports, Microsoft.Extensions.Options.IOptions<StudioOptions> options, CancellationToken ct)
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
        return result.Model is { } model
            ? Results.Created($"/api/models/{model.Id}", model)
            : Problems.InvalidUpload(file.FileName, result.Problems.Select(p => new ValidationError(0, "file", p)).ToList(), result.Problems.Count);
    }
}
