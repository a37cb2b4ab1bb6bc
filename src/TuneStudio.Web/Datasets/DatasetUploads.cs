using Microsoft.Extensions.Options;
using TuneStudio.Storage;

namespace TuneStudio.Web.Datasets;

public sealed record UploadRequest(string FileName, string DatasetName, string Task, ColumnMapping? Mapping);

// Turns an uploaded file into a dataset version, for the API and the Datasets page alike.
public sealed class DatasetUploads(DatasetStore datasets, IOptions<StudioOptions> options)
{
    public const string TextClassification = "text-classification";

    public long MaxBytes => options.Value.MaxUploadBytes;

    public ImportResult Import(Func<Stream> openContent, long length, UploadRequest request, CancellationToken ct)
    {
        if (!DatasetTasks.All.Contains(request.Task))
            return Rejected(new ValidationError(0, "task", $"Unknown task '{request.Task}'. This studio imports {string.Join(" and ", DatasetTasks.All.Select(t => $"'{t}'"))}."));
        if (length > MaxBytes)
            return Rejected(new ValidationError(0, "file", $"{request.FileName} is {length:N0} bytes; the upload cap is {MaxBytes:N0} bytes."));
        return datasets.Import(openContent, request.FileName, request.DatasetName, request.Task, request.Mapping, ct);
    }

    public IReadOnlyList<string> PeekColumns(Func<Stream> openContent, string fileName) =>
        datasets.PeekColumns(openContent, fileName);

    private static ImportResult Rejected(ValidationError error) => new(null, [error], 1, []);
}
