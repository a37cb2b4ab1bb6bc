using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TuneStudio.Web.Security;

public sealed class UploadFormException(int status, string field, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Field { get; } = field;
}

// Reads a multipart upload with the studio's own limits instead of ASP.NET Core's form reader, which spools files to
// the system temp folder (left there for ever by a kill -9) and reports too many fields as a body too large. Files
// go to the data folder's temp area, opened delete-on-close and disposed with the request; StudioApp empties that
// folder at start. Throws UploadFormException naming the limit that was crossed.
public static class UploadForms
{
    private const int MaxFieldBytes = 64 * 1024;

    public static async Task<IFormCollection> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken ct)
    {
        var paths = request.HttpContext.RequestServices.GetRequiredService<StudioPaths>();
        var limits = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<StudioLimits>>().Value;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new UploadFormException(StatusCodes.Status400BadRequest, "body", "The multipart body has no boundary.");

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var files = new FormFileCollection();
        int parts = 0;
        long fileBytes = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (++parts > limits.MaxFormFields)
                    throw new UploadFormException(StatusCodes.Status400BadRequest, "form",
                        $"The form has more than {limits.MaxFormFields} fields (TuneStudio:Limits:MaxFormFields); send the file and its few settings only.");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !(disposition.IsFormDisposition() || disposition.IsFileDisposition()))
                    throw new UploadFormException(StatusCodes.Status400BadRequest, "form", $"Part {parts} of the form has no form-data name.");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    var path = paths.NewTempFile("upload");
                    var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 81920,
                        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                    request.HttpContext.Response.RegisterForDisposeAsync(stream);
                    var length = await CopyAtMostAsync(section.Body, stream, maxFileBytes - fileBytes, ct);
                    if (length < 0)
                        throw new UploadFormException(StatusCodes.Status413PayloadTooLarge, "file",
                            $"The file exceeds the upload cap of {maxFileBytes} bytes.");
                    fileBytes += length;
                    files.Add(new FormFile(stream, 0, length, name, FileNameOf(disposition))
                    {
                        Headers = new HeaderDictionary(section.Headers ?? []),
                    });
                }
                else
                {
                    using var value = new MemoryStream();
                    if (await CopyAtMostAsync(section.Body, value, MaxFieldBytes, ct) < 0)
                        throw new UploadFormException(StatusCodes.Status400BadRequest, name, $"The form field '{name}' is longer than {MaxFieldBytes:N0} bytes.");
                    var text = System.Text.Encoding.UTF8.GetString(value.GetBuffer(), 0, (int)value.Length);
                    fields[name] = fields.TryGetValue(name, out var existing) ? StringValues.Concat(existing, text) : new StringValues(text);
                }
            }
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw new UploadFormException(StatusCodes.Status400BadRequest, "body", $"The multipart body could not be read: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new UploadFormException(StatusCodes.Status400BadRequest, "body", $"The multipart body is malformed: {e.Message}");
        }
        return new FormCollection(fields, files);
    }

    // As ASP.NET Core's own reader: filename* (RFC 5987, UTF-8) wins over the plain, quoted filename.
    private static string FileNameOf(ContentDispositionHeaderValue disposition) =>
        HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";

    // Bytes copied, or -1 once more than limit arrived.
    private static async Task<long> CopyAtMostAsync(Stream source, Stream target, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            copied += read;
            if (copied > limit) return -1;
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await target.FlushAsync(ct);
        return copied;
    }

    // What a studio killed mid-upload left in its temp area; nothing else writes there.
    public static void RemoveLeftovers(StudioPaths paths, ILogger logger)
    {
        if (!Directory.Exists(paths.TempDirectory)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(paths.TempDirectory))
        {
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
                logger.LogInformation("Removed {Entry}, left in the temp folder by an earlier run of the studio", entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not remove {Entry} from the temp folder", entry);
            }
        }
    }
}
