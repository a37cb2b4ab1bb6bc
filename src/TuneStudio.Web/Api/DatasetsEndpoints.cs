using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class DatasetsEndpoints
{
    private const int MaxRowsPerPage = 1_000;

    public static void MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/datasets").WithTags("Datasets");

        // Scripts post here without cookies, so there is no session for antiforgery to protect;
        // the studio's own upload goes through its Blazor circuit instead.
        group.MapPost("/", Upload).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireAuthorization(Policies.Train);

        // An annotator sees only the datasets of their review tasks; every other route here checks it per dataset.
        group.MapGet("/", (DatasetStore store, DatasetAccess access, System.Security.Claims.ClaimsPrincipal user) =>
            access.Readable(user, store.List(), d => d.Id)).RequireAuthorization(Policies.Read);

        group.MapGet("/{id}", (string id, DatasetStore store) =>
            store.Get(id) is { } d
                ? Results.Ok(new { dataset = d, versions = Enumerable.Range(1, d.LatestVersion).Select(v => store.GetVersion(id, v)).Where(v => v is not null) })
                : Problems.NotFound($"Dataset '{id}' does not exist.")).RequireAuthorization(Policies.ReadDataset);

        // search: rows whose text or label contains it (any case); sort: position (default), text or label; order: asc or desc.
        // total counts the matching rows; each row keeps its index in the version.
        group.MapGet("/{id}/versions/{version:int}/rows", (string id, int version, int? skip, int? take, string? search, string? sort, string? order, DatasetStore store) =>
        {
            var info = store.GetVersion(id, version);
            if (info is null) return Problems.NotFound($"Dataset '{id}' has no version {version}.");
            var errors = new List<FieldError>();
            var rowSort = (sort ?? "position").ToLowerInvariant() switch
            {
                "position" => RowSort.Position,
                "text" => RowSort.Text,
                "label" => RowSort.Label,
                _ => (RowSort?)null,
            };
            if (rowSort is null) errors.Add(new FieldError("sort", $"'{sort}' is not a sort; use position, text or label."));
            if (order is not (null or "asc" or "desc")) errors.Add(new FieldError("order", $"'{order}' is not an order; use asc or desc."));
            if (errors.Count > 0) return Problems.InvalidFields(errors);
            int from = Math.Max(0, skip ?? 0), count = Math.Clamp(take ?? 100, 1, MaxRowsPerPage);
            var found = store.FindRows(id, version, new RowSearch(search, rowSort!.Value, order == "desc"), from, count)!;
            if (store.Get(id)!.Task == DatasetTasks.ImageClassification)
                return Results.Ok(new { total = found.Total, skip = from, take = count, rows = found.Rows.Select(r => ImageRows.ToResponse(id, r)) });
            return Results.Ok(new { total = found.Total, skip = from, take = count, rows = found.Rows });
        }).RequireAuthorization(Policies.ReadDataset);

        group.MapDelete("/{id}", (string id, DatasetDeletion deletion, System.Security.Claims.ClaimsPrincipal user) =>
        {
            var outcome = deletion.Delete(id, user.UserName());
            if (!outcome.Found) return Problems.NotFound($"Dataset '{id}' does not exist.");
            return outcome.Deleted ? Results.NoContent() : Problems.Conflict(outcome.Refusal!);
        })
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Train);

        group.MapGet("/{id}/rejected-rows", (string id, DatasetStore store) =>
        {
            if (store.Get(id) is null) return Problems.NotFound($"Dataset '{id}' does not exist.");
            if (store.GetRejectedRows(id) is not { } report) return Problems.NotFound($"Dataset '{id}' was imported whole; no rows were rejected.");
            var csv = new MemoryStream();
            report.WriteCsv(csv);
            return Results.File(csv.ToArray(), "text/csv", $"{Path.GetFileNameWithoutExtension(report.FileName)}-rejected-rows.csv");
        }).RequireAuthorization(Policies.ReadDataset);

        group.MapGet("/{id}/versions", (string id, DatasetStore store) =>
            store.Get(id) is null ? Problems.NotFound($"Dataset '{id}' does not exist.") : Results.Ok(store.ListVersions(id)))
            .RequireAuthorization(Policies.ReadDataset);

        group.MapGet("/{id}/versions/{version:int}", (string id, int version, DatasetStore store) =>
            store.GetVersion(id, version) is { } info ? Results.Ok(info) : Problems.NotFound($"Dataset '{id}' has no version {version}."))
            .RequireAuthorization(Policies.ReadDataset);

        group.MapGet("/{id}/versions/{version:int}/split", (string id, int version, int? skip, int? take, DatasetStore store) =>
        {
            var info = store.GetVersion(id, version);
            if (info is null) return Problems.NotFound($"Dataset '{id}' has no version {version}.");
            if (info.Split is null) return Problems.NotFound($"Version {version} of dataset '{id}' has no split; make one with the 'split' operation.");
            var split = store.GetSplit(id, version)!;
            int from = Math.Max(0, skip ?? 0), count = Math.Clamp(take ?? MaxRowsPerPage, 1, MaxRowsPerPage);
            var rows = Enumerable.Range(from, Math.Max(0, Math.Min(count, split.Parts.Count - from)))
                .Select(i => new { index = i, part = split.Parts[i], fold = split.Folds?[i] });
            return Results.Ok(new { summary = info.Split, total = split.Parts.Count, skip = from, take = count, rows });
        }).RequireAuthorization(Policies.ReadDataset);

        group.MapGet("/{id}/versions/{version:int}/export", (string id, int version, string? format, HttpContext http, DatasetStore store) =>
        {
            var info = store.GetVersion(id, version);
            if (info is null) return Problems.NotFound($"Dataset '{id}' has no version {version}.");
            var formats = VersionExport.FormatsFor(store.Get(id)!.Task);
            // Image versions record how they arrived ("zip" or "idx") but export only as a ZIP of class folders.
            var chosen = string.IsNullOrEmpty(format) ? (formats.Contains(info.Format) ? info.Format : formats[0]) : format;
            if (!formats.Contains(chosen))
                return Problems.InvalidFields([new FieldError("format", $"'{format}' is not an export format for this dataset; use {string.Join(", ", formats)}.")]);
            // IDX imports record all their files ("a.gz, b.gz, ..."): the first names the download.
            var fileName = $"{Path.GetFileNameWithoutExtension(info.SourceFileName.Split(", ")[0])}-v{version}.{chosen}";
            // Streams the rows page by page into the response, so a large version never sits in memory. The export
            // writes synchronously, on a pool thread rather than the request's.
            if (http.Features.Get<IHttpBodyControlFeature>() is { } body) body.AllowSynchronousIO = true;
            return Results.Stream(output => Task.Run(() => store.Export(id, version, chosen, output)), VersionExport.ContentType(chosen), fileName);
        }).RequireAuthorization(Policies.ReadDataset);

        group.MapGet("/{id}/images/{hash}", ImageRows.Serve)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ReadDataset);

        group.MapPost("/{id}/versions/preview", (string id, HttpRequest request, DatasetStore store, DatasetUploads datasets, CancellationToken ct) =>
                ApplyOperation(id, request, store, datasets, ct, dryRun: true))
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<OperationPreview>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Train);

        group.MapPost("/{id}/versions", (string id, HttpRequest request, DatasetStore store, DatasetUploads datasets, CancellationToken ct) =>
                ApplyOperation(id, request, store, datasets, ct, dryRun: false))
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<DatasetVersionInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Train);

        group.MapGet("/{id}/diff", Diff)
            .Produces<DatasetDiff>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ReadDataset);
    }

    // A dry run (the preview route) answers what the operation would make, with the same checks, and stores nothing.
    private static async Task<IResult> ApplyOperation(string id, HttpRequest request, DatasetStore store, DatasetUploads datasets, CancellationToken ct, bool dryRun)
    {
        if (store.Get(id) is null) return Problems.NotFound($"Dataset '{id}' does not exist.");
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, RunConfigJson.Strict, ct);
        }
        catch (JsonException e)
        {
            return Problems.InvalidFields([new FieldError("body", $"Not valid JSON: {e.Message}")]);
        }

        var parsed = OperationRequest.Parse(body);
        if (parsed.Operation is null) return Problems.InvalidFields(parsed.Errors);
        // Operations stream the whole base version: keep that off the request thread's synchronous path.
        var result = await Task.Run(() => dryRun
            ? datasets.PreviewOperation(id, parsed.BaseVersion, parsed.Operation, ct)
            : datasets.ApplyOperation(id, parsed.BaseVersion, parsed.Operation, request.HttpContext.User.UserName(), ct), ct);
        if (!result.Succeeded) return Problems.InvalidFields(result.Errors.Select(e => new FieldError(e.Field, e.Message)).ToList());
        if (dryRun) return Results.Ok(result.Preview);
        var v = result.Version!;
        return Results.Created($"/api/datasets/{id}/versions/{v.Version}", v);
    }

    private static IResult Diff(string id, int? from, int? to, int? skip, int? take, DatasetStore store)
    {
        var errors = new List<FieldError>();
        if (from is null) errors.Add(new FieldError("from", "'from' (a version number) is required."));
        if (to is null) errors.Add(new FieldError("to", "'to' (a version number) is required."));
        if (errors.Count > 0) return Problems.InvalidFields(errors);
        if (store.Get(id) is null) return Problems.NotFound($"Dataset '{id}' does not exist.");
        int first = Math.Max(0, skip ?? 0), count = Math.Clamp(take ?? 100, 1, MaxRowsPerPage);
        return store.Diff(id, from!.Value, to!.Value, first, count) is { } diff
            ? Results.Ok(diff)
            : Problems.NotFound($"Dataset '{id}' has no version {(store.GetVersion(id, from.Value) is null ? from : to)}.");
    }

    private static async Task<IResult> Upload(HttpRequest request, DatasetUploads uploads, CancellationToken ct)
    {
        // Room for the multipart framing around a file of exactly the cap.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = uploads.MaxBytes + 1024 * 1024;

        IFormCollection form;
        try
        {
            if (!request.HasFormContentType)
                return Problems.InvalidUpload("request", [new ValidationError(0, "file", "Send multipart/form-data with a 'file' part.")], 1);
            form = await UploadForms.ReadAsync(request, uploads.MaxBytes, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return Problems.TooLarge(uploads.MaxBytes); }
        catch (UploadFormException e) { return Problems.UnreadableForm(e, uploads.MaxBytes); }

        var file = form.Files.GetFile("file");
        if (file is null)
            return Problems.InvalidUpload("request", [new ValidationError(0, "file", "The form has no 'file' part.")], 1);
        if (file.Length > uploads.MaxBytes) return Problems.TooLarge(uploads.MaxBytes);

        string name = form["name"].ToString();
        if (string.IsNullOrWhiteSpace(name)) name = DatasetNames.Suggest(form.Files.GetFiles("file").Select(f => f.FileName).ToList(), DateTime.UtcNow);
        if (InputText.CheckName(name) is { } badName) return Problems.InvalidUpload(file.FileName, [new ValidationError(0, "name", badName)], 1);
        string task = form["task"].ToString() is { Length: > 0 } t ? t : DatasetTasks.TextClassification;
        var keep = form["keepValidRows"].ToString();
        if (keep is not ("" or "true" or "false"))
            return Problems.InvalidUpload(file.FileName, [new ValidationError(0, "keepValidRows", $"'{keep}' is not true or false.")], 1);
        if (keep == "true" && task == DatasetTasks.ImageClassification)
            return Problems.InvalidUpload(file.FileName, [new ValidationError(0, "keepValidRows", "Keeping the valid rows is for text files; an image set is imported whole or not at all.")], 1);
        if (task == DatasetTasks.ImageClassification) return await UploadImages(request, form, name, uploads, ct);
        string textColumn = form["textColumn"].ToString(), labelColumn = form["labelColumn"].ToString(), splitColumn = form["splitColumn"].ToString();
        ColumnMapping? mapping = textColumn.Length > 0 || labelColumn.Length > 0 || splitColumn.Length > 0
            ? new ColumnMapping(textColumn.Length > 0 ? textColumn : "text", labelColumn.Length > 0 ? labelColumn : "label")
            {
                SplitColumn = splitColumn.Length > 0 ? splitColumn : null,
            }
            : null;

        var result = uploads.Import(file.OpenReadStream, file.Length, new UploadRequest(file.FileName, name, task, mapping, keep == "true"), ct, request.HttpContext.User.UserName());
        if (!result.Succeeded) return Problems.InvalidUpload(file.FileName, result.Errors, result.TotalErrorCount);

        var d = result.Dataset!;
        object? rejected = result.RejectedRowCount == 0 ? null : new
        {
            rows = result.RejectedRowCount,
            download = $"/api/datasets/{d.Id}/rejected-rows",
            first = result.Rejected.Select(e => new { row = e.Row, field = e.Field, message = e.Message }),
        };
        return Results.Created($"/api/datasets/{d.Id}", new { id = d.Id, name = d.Name, version = d.LatestVersion, rows = d.Rows, labels = d.Labels, rejected });
    }

    // Every 'file' part belongs to the one dataset: Fashion-MNIST's four IDX files are posted together.
    private static async Task<IResult> UploadImages(HttpRequest request, IFormCollection form, string name, DatasetUploads uploads, CancellationToken ct)
    {
        var files = form.Files.GetFiles("file");
        var images = files.Select(f => new ImageUpload(f.FileName, f.OpenReadStream)).ToList();
        var by = request.HttpContext.User.UserName();
        // Decoding every image is CPU work: keep it off the request thread's synchronous path.
        var result = await Task.Run(() => uploads.ImportImages(images, files.Sum(f => f.Length), name, ct, by), ct);
        var fileNames = string.Join(", ", files.Select(f => f.FileName));
        if (!result.Succeeded) return Problems.InvalidUpload(fileNames, result.Errors, result.TotalErrorCount);
        var d = result.Dataset!;
        return Results.Created($"/api/datasets/{d.Id}", new { id = d.Id, name = d.Name, version = d.LatestVersion, rows = d.Rows, labels = d.Labels });
    }
}
