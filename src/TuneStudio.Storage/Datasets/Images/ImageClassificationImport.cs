using LiteDB;
using TuneStudio.Storage.Import;

namespace TuneStudio.Storage;

/// <summary>
/// Imports an image-classification upload in two passes, like text imports. Pass 1 decodes and checks every image and
/// stores nothing. Pass 2 stores each image as a content-addressed blob and its row (the blob's reference as the
/// row's text, the class as its label) through the same <see cref="VersionWriter"/>, then publishes the version and
/// the dataset in one write. IDX train/test files become the version's split.
/// </summary>
internal sealed class ImageClassificationImport(StudioDatabase db, ImageLimits limits)
{

    public ImportResult Run(IReadOnlyList<ImageUpload> uploads, string datasetName, string createdBy, CancellationToken cancellationToken)
    {
        var errors = new ImportErrors(DatasetStore.MaxReportedErrors);
        var name = (datasetName ?? "").Trim();
        if (name.Length == 0) errors.Add(0, "name", "The dataset needs a name.");
        else if (InputText.CheckName(name) is { } problem) errors.Add(0, "name", problem);

        var source = ImageSources.For(uploads, limits, errors.AddForFile);
        if (source is null) return Rejected(errors);
        var count = source.Validate(errors.AddForFile, cancellationToken);
        if (errors.Any) return Rejected(errors);

        var fileName = uploads.Count == 1 ? Path.GetFileName(uploads[0].FileName) : string.Join(", ", uploads.Select(u => Path.GetFileName(u.FileName)));
        var datasetId = FirstVersionPublication.Reserve(db);
        try
        {
            var (written, split) = WriteRows(source, datasetId, count, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var file = new ImportedFile(fileName, source.Format, ["image", "label"], "image", "label");
            var dataset = db.Write(database => FirstVersionPublication.Publish(database, datasetId, name, DatasetTasks.ImageClassification, file, written, split, createdBy));
            return new ImportResult(dataset, [], 0, []);
        }
        catch (InvalidDataException)
        {
            FirstVersionPublication.RemoveQuietly(db, datasetId);
            errors.AddForFile("The files changed while they were being imported; upload them again.");
            return Rejected(errors);
        }
        catch
        {
            FirstVersionPublication.RemoveQuietly(db, datasetId);
            throw;
        }
    }

    private (WrittenVersion Written, SplitAssignment? Split) WriteRows(IImageSource source, string datasetId, long expected, CancellationToken cancellationToken)
    {
        var blobs = new ImageBlobs(db.BlobDirectory);
        using var writer = new VersionWriter(db, datasetId, LabelScheme.Single);
        var parts = new List<SplitPart>();
        var leakage = new SplitLeakage();
        long index = 0;
        foreach (var image in source.Images(cancellationToken))
        {
            var reference = image.Size with { Hash = blobs.Store(image.Bytes) };
            var text = reference.ToString();
            writer.Add(new StoredRow(index, text, image.Label), cancellationToken);
            if (image.Part is { } part)
            {
                parts.Add(part);
                leakage.Add(index, text, part);
            }
            index++;
        }
        if (index != expected || (parts.Count > 0 && parts.Count != index)) throw new InvalidDataException("The image count changed.");
        var split = parts.Count > 0 ? new SplitAssignment(new SplitRows(SplitMethod.Column, 0, 0, 0), parts, null) : null;
        var written = writer.Finish(split is null ? [] : leakage.Warnings(), split, cancellationToken);
        return (written, split);
    }

    private static ImportResult Rejected(ImportErrors errors) => new(null, errors.Kept.ToList(), errors.Total, []);
}
