using Microsoft.Extensions.Options;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Datasets;

/// <param name="KeepValidRows">Store the rows that pass and report the rest (text files); by default a file with any problem stores nothing.</param>
public sealed record UploadRequest(string FileName, string DatasetName, string Task, ColumnMapping? Mapping, bool KeepValidRows = false);

// Turns an uploaded file into a dataset version, for the API and the Datasets page alike.
public sealed class DatasetUploads(DatasetStore datasets, IOptions<StudioOptions> options, AuditLog audit)
{
    public long MaxBytes => options.Value.MaxUploadBytes;

    // `by` names the uploader for the audit trail; a refused upload is recorded too, with its first problem.
    public ImportResult Import(Func<Stream> openContent, long length, UploadRequest request, CancellationToken ct, string by = "system")
    {
        var result = ImportUnaudited(openContent, length, request, ct, by);
        if (result.Dataset is { } d)
        {
            var leftOut = result.RejectedRowCount > 0 ? $" ({result.RejectedRowCount} rejected row(s) left out)" : "";
            audit.Record(by, AuditActions.DatasetCreated, d.Id, $"{d.Name} v{d.LatestVersion}, {d.Rows} rows{leftOut}");
        }
        else AuditRejection(by, request.FileName, result);
        return result;
    }

    // Image datasets may arrive as several files (MNIST-format IDX sets); the cap applies to them together.
    public ImportResult ImportImages(IReadOnlyList<ImageUpload> files, long totalLength, string datasetName, CancellationToken ct, string by = "system")
    {
        if (totalLength > MaxBytes)
        {
            var tooLarge = Rejected(new ValidationError(0, "file", $"The files are {totalLength:N0} bytes together; the upload cap is {MaxBytes:N0} bytes."));
            AuditRejection(by, string.Join(", ", files.Select(f => f.FileName)), tooLarge);
            return tooLarge;
        }
        var result = datasets.ImportImages(files, datasetName, ct, by);
        if (result.Dataset is { } d) audit.Record(by, AuditActions.DatasetCreated, d.Id, $"{d.Name} v{d.LatestVersion}, {d.Rows} images");
        else AuditRejection(by, string.Join(", ", files.Select(f => f.FileName)), result);
        return result;
    }

    private ImportResult ImportUnaudited(Func<Stream> openContent, long length, UploadRequest request, CancellationToken ct, string by)
    {
        if (!DatasetTasks.All.Contains(request.Task))
            return Rejected(new ValidationError(0, "task", $"Unknown task '{request.Task}'. This studio imports {string.Join(" and ", DatasetTasks.All.Select(t => $"'{t}'"))}."));
        if (length > MaxBytes)
            return Rejected(new ValidationError(0, "file", $"{request.FileName} is {length:N0} bytes; the upload cap is {MaxBytes:N0} bytes."));
        return request.KeepValidRows
            ? datasets.ImportValidRows(openContent, request.FileName, request.DatasetName, request.Task, request.Mapping, ct, by)
            : datasets.Import(openContent, request.FileName, request.DatasetName, request.Task, request.Mapping, ct, by);
    }

    // The target is the file (there is no dataset); the detail says how many problems and the first, by row and field.
    private void AuditRejection(string by, string fileName, ImportResult result)
    {
        var first = result.Errors.Count > 0 ? result.Errors[0] : null;
        var where = first is null ? "" : first.Row == 0 ? $"; first: {first.Field}: {first.Message}" : $"; first: row {first.Row}, {first.Field}: {first.Message}";
        audit.Record(by, AuditActions.UploadRejected, fileName, $"{result.TotalErrorCount} problem(s){where}");
    }

    // A cleaning operation or split: a new version, recorded in the audit trail with who made it.
    public OperationResult ApplyOperation(string datasetId, int baseVersion, DatasetOperation operation, string by, CancellationToken ct = default)
    {
        var result = datasets.ApplyOperation(datasetId, baseVersion, operation, by, ct);
        if (result.Version is { } v) audit.Record(by, AuditActions.VersionCreated, datasetId, $"v{v.Version} from v{baseVersion}: {v.Operation}");
        return result;
    }

    /// <summary>What the operation would make (rows dropped and changed, label counts, split sizes), storing nothing; not audited.</summary>
    public OperationResult PreviewOperation(string datasetId, int baseVersion, DatasetOperation operation, CancellationToken ct = default) =>
        datasets.PreviewOperation(datasetId, baseVersion, operation, ct);

    public IReadOnlyList<string> PeekColumns(Func<Stream> openContent, string fileName) =>
        datasets.PeekColumns(openContent, fileName);

    private static ImportResult Rejected(ValidationError error) => new(null, [error], 1, []);
}
