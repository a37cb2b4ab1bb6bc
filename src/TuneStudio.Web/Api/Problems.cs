using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Api;

// Every API error is application/problem+json; input errors carry the exact row and field.
public static class Problems
{
    public static IResult InvalidUpload(string fileName, IReadOnlyList<ValidationError> errors, long total) =>
        Results.Problem(
            title: "The upload was rejected",
            detail: $"{fileName}: {total} problem(s) found; nothing was stored.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { row = e.Row, field = e.Field, message = e.Message }).ToList(),
                ["totalErrors"] = total,
            });

    public static IResult InvalidFields(IReadOnlyList<FieldError> errors) =>
        Results.Problem(
            title: "The request is invalid",
            detail: string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToList(),
            });

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    public static IResult Conflict(string detail) =>
        Results.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult TooLarge(long capBytes) =>
        Results.Problem(
            title: "The file is too large",
            detail: $"Uploads are capped at {TuneStudio.Engine.ByteSize.Format(capBytes)} (TuneStudio:MaxUploadBytes). Nothing was stored.",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new[] { new { row = 0L, field = "file", message = $"The file exceeds the upload cap of {capBytes} bytes." } },
                ["totalErrors"] = 1,
            });

    // A form the upload reader refused: the cap (413) or the limit it crossed, named (400).
    public static IResult UnreadableForm(TuneStudio.Web.Security.UploadFormException e, long capBytes) =>
        e.Status == StatusCodes.Status413PayloadTooLarge
            ? TooLarge(capBytes)
            : InvalidUpload("request", [new ValidationError(0, e.Field, e.Message)], 1);
}
