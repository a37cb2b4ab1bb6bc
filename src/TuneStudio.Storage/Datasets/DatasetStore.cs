using TuneStudio.Storage.Import;

namespace TuneStudio.Storage;

/// <summary>
/// Text-classification datasets: validated imports, immutable content-addressed versions derived by operations,
/// row-level diffs, and rows read page by page.
/// </summary>
public sealed class DatasetStore
{
    public const int MaxReportedErrors = 100;
    private readonly StudioDatabase _db;
    private readonly DatasetImageIndex _imageIndex;

    public DatasetStore(StudioDatabase db, ImageLimits? imageLimits = null)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _imageIndex = new DatasetImageIndex(db);
        ImageLimits = imageLimits ?? new ImageLimits();
    }

    public ImageLimits ImageLimits { get; }

    /// <summary>The image files rows of image datasets refer to.</summary>
    public ImageBlobs Images => new(_db.BlobDirectory);

    /// <summary>
    /// Whether a row of any version of the image dataset refers to the blob <paramref name="hash"/>: blobs are shared
    /// between datasets, so being allowed to read one dataset must not open another's images.
    /// </summary>
    public bool HoldsImage(string datasetId, string hash) =>
        Get(datasetId) is { Task: DatasetTasks.ImageClassification } dataset && _imageIndex.Holds(datasetId, dataset.LatestVersion, hash);

    /// <summary>
    /// The file's column names, for the column-mapping dialog: the CSV/TSV header or the first JSON object's keys.
    /// Reads the first record only. Empty when the type is not supported or the first record cannot be read.
    /// </summary>
    public IReadOnlyList<string> PeekColumns(Func<Stream> openContent, string fileName)
    {
        ArgumentNullException.ThrowIfNull(openContent);
        var format = TextClassificationFormat.ForFileName(fileName);
        if (format is null) return [];
        try
        {
            using var content = TextEncodingDetection.OpenAsUtf8(openContent());
            return format.PeekColumns(content);
        }
        catch (Exception e) when (e is RefusedEncodingException or System.Text.DecoderFallbackException)
        {
            return [];
        }
    }

    /// <summary>
    /// Validates the whole file (reporting the first <see cref="MaxReportedErrors"/> errors and the total), and only
    /// if it is clean stores it as version 1 of a new dataset. <paramref name="openContent"/> is called once per pass
    /// and must return a fresh stream from the start each time. The format follows the extension: .csv, .tsv, .jsonl
    /// or .ndjson. Cancelling stores nothing and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public ImportResult ImportTextClassification(
        Func<Stream> openContent, string fileName, string datasetName, ColumnMapping? mapping, CancellationToken cancellationToken = default) =>
        Import(openContent, fileName, datasetName, DatasetTasks.TextClassification, mapping, cancellationToken);

    /// <summary>
    /// As <see cref="ImportTextClassification"/>, for any of <see cref="DatasetTasks.All"/>. Sentence pairs use the
    /// columns "source" and "target" (or a mapping: its text column is the source, its label column the target).
    /// </summary>
    public ImportResult Import(
        Func<Stream> openContent, string fileName, string datasetName, string task, ColumnMapping? mapping, CancellationToken cancellationToken = default,
        string createdBy = DatasetVersionInfo.Anonymous)
    {
        if (!DatasetTasks.All.Contains(task))
            return new ImportResult(null, [new ValidationError(0, "task", $"Unknown task '{task}'; use {string.Join(" or ", DatasetTasks.All)}.")], 1, []);
        if (task == DatasetTasks.ImageClassification)
            return ImportImages([new ImageUpload(fileName, openContent)], datasetName, cancellationToken, createdBy);
        return new TextClassificationImport(_db).Run(openContent, fileName, datasetName, task, mapping, cancellationToken, createdBy);
    }

    /// <summary>
    /// As <see cref="Import"/> for a text file, but a file whose only problems are in some rows is stored without those
    /// rows; <see cref="ImportResult.RejectedRowCount"/> says how many were left out and <see cref="GetRejectedRows"/>
    /// lists why. Problems with the file as a whole still store nothing.
    /// </summary>
    public ImportResult ImportValidRows(
        Func<Stream> openContent, string fileName, string datasetName, string task, ColumnMapping? mapping, CancellationToken cancellationToken = default,
        string createdBy = DatasetVersionInfo.Anonymous)
    {
        if (!DatasetTasks.All.Contains(task) || task == DatasetTasks.ImageClassification)
            return new ImportResult(null, [new ValidationError(0, "task", $"Keeping the valid rows is for text files; '{task}' is not a text task.")], 1, []);
        return new TextClassificationImport(_db).Run(openContent, fileName, datasetName, task, mapping, cancellationToken, createdBy, keepValidRows: true);
    }

    /// <summary>The rows an import left out and why; null when it left none out (or there is no such dataset).</summary>
    public RejectedRowsReport? GetRejectedRows(string datasetId) => _db.Read(database => RejectedRows.Read(database, datasetId));

    /// <summary>
    /// Imports an image-classification dataset: one ZIP of class folders, MNIST-format IDX files (gzipped or not, posted
    /// together), or a ZIP of IDX files. Every image is decoded and checked against <see cref="ImageLimits"/> first;
    /// any problem stores nothing and is reported naming the file or ZIP entry.
    /// </summary>
    public ImportResult ImportImages(
        IReadOnlyList<ImageUpload> uploads, string datasetName, CancellationToken cancellationToken = default, string createdBy = DatasetVersionInfo.Anonymous)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        return new ImageClassificationImport(_db, ImageLimits).Run(uploads, datasetName, createdBy, cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<DatasetSummary> List() => _db.Read(database =>
        database.GetCollection<DatasetDocument>(CollectionNames.Datasets).Query()
            .OrderByDescending(d => d.CreatedAt)
            .ToList())
        .Select(d => d.ToSummary())
        .ToList();

    public DatasetSummary? Get(string datasetId) => _db.Read(database =>
        database.GetCollection<DatasetDocument>(CollectionNames.Datasets).FindById(datasetId))?.ToSummary();

    public DatasetVersionInfo? GetVersion(string datasetId, int version) => _db.Read(database =>
        database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions)
            .FindById(DatasetVersionDocument.KeyFor(datasetId, version)))?.ToInfo();

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<DatasetVersionInfo> ListVersions(string datasetId) => _db.Read(database =>
        database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions)
            .Find(v => v.DatasetId == datasetId)
            .ToList())
        .OrderBy(v => v.Version)
        .Select(v => v.ToInfo())
        .ToList();

    /// <summary>
    /// Applies <paramref name="operation"/> to <paramref name="baseVersion"/> and stores the result as the dataset's
    /// next version; the base version is never changed. Errors name the request field ("baseVersion", "row", ...).
    /// Cancelling stores nothing and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public OperationResult ApplyOperation(
        string datasetId, int baseVersion, DatasetOperation operation, string createdBy = DatasetVersionInfo.Anonymous,
        CancellationToken cancellationToken = default) =>
        new VersionDerivation(_db).Run(datasetId, baseVersion, operation, createdBy, cancellationToken);

    /// <summary>
    /// What <see cref="ApplyOperation"/> would make, without storing anything: the same checks and errors, then a
    /// <see cref="OperationPreview"/> (rows dropped and changed, label counts, split sizes) instead of a version.
    /// The split sizes are the ones applying it gives: the deal is seeded.
    /// </summary>
    public OperationResult PreviewOperation(string datasetId, int baseVersion, DatasetOperation operation, CancellationToken cancellationToken = default) =>
        new VersionDerivation(_db).Run(datasetId, baseVersion, operation, DatasetVersionInfo.Anonymous, cancellationToken, dryRun: true);

    /// <summary>
    /// Row-level differences from one version to another, a page of changes at a time; null when either version
    /// does not exist. Rows are matched by id, so an edited row shows as changed, with the fields that changed.
    /// </summary>
    public DatasetDiff? Diff(string datasetId, int fromVersion, int toVersion, int skip = 0, int take = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var from = GetVersion(datasetId, fromVersion);
        var to = GetVersion(datasetId, toVersion);
        return from is null || to is null ? null : VersionComparison.Compare(_db, from, to, skip, take);
    }

    /// <summary>
    /// Writes the version to <paramref name="output"/> as "csv", "tsv" or "jsonl" (null: the format it was uploaded in);
    /// an image version as "zip", a ZIP of class folders,
    /// streaming its rows. Returns false, writing nothing, when the version does not exist.
    /// </summary>
    public bool Export(string datasetId, int version, string? format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (document, task) = _db.Read(database => (
            database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions).FindById(DatasetVersionDocument.KeyFor(datasetId, version)),
            database.GetCollection<DatasetDocument>(CollectionNames.Datasets).FindById(datasetId)?.Task));
        if (document is null || task is null) return false;
        format ??= document.Format;
        if (task == DatasetTasks.ImageClassification)
        {
            if (format is not ("zip" or "idx")) throw new ArgumentOutOfRangeException(nameof(format), format, "Use zip.");
            ImageExport.Write(ReadAllRows(datasetId, version), Images, output);
            return true;
        }
        var formats = VersionExport.FormatsFor(task);
        if (!formats.Contains(format)) throw new ArgumentOutOfRangeException(nameof(format), format, $"Use {string.Join(", ", formats)}.");
        VersionExport.Write(ReadAllRows(datasetId, version), task, document.TextColumn, document.LabelColumn, format, output);
        return true;
    }

    /// <summary>Which part (and fold) each row of the version is in, in row order; null when the version has no split.</summary>
    public SplitAssignment? GetSplit(string datasetId, int version) => _db.Read(database =>
    {
        var document = database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions)
            .FindById(DatasetVersionDocument.KeyFor(datasetId, version));
        return SplitStorage.Read(database, datasetId, version, document?.Split?.Settings);
    });

    /// <summary>Rows skip..skip+take-1 in row order, read from only the pages that hold them.</summary>
    public IReadOnlyList<DatasetRow> GetRows(string datasetId, int version, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (take == 0) return [];
        return new VersionRows(_db, datasetId, version).Range(skip, take)
            .Select(r => new DatasetRow(r.Index, r.Row.Text, r.Row.Label))
            .ToList();
    }

    /// <summary>
    /// Rows skip..skip+take-1 of the rows that match <paramref name="search"/>, in its order, with how many matched;
    /// null when the version does not exist. Each row keeps its position in the version (<see cref="DatasetRow.Index"/>).
    /// </summary>
    public RowsFound? FindRows(string datasetId, int version, RowSearch search, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (GetVersion(datasetId, version) is not { } info) return null;
        return RowListing.Find(ReadAllRows(datasetId, version), info.RowCount, (first, count) => GetRows(datasetId, version, (int)first, count), search, skip, take);
    }

    /// <summary>
    /// Deletes the dataset, every version and its rows, and the image blobs no other dataset uses; null when there is
    /// no such dataset. Whether anything still uses the dataset (runs, reviews) is the caller's rule to check.
    /// </summary>
    public DatasetRemoved? Delete(string datasetId) => new DatasetRemoval(_db).Run(datasetId);

    /// <summary>
    /// Every row in order, read about <c>5,000</c> at a time. Each page is one short read, so training can stream a large
    /// dataset while the studio keeps serving other requests between pages.
    /// </summary>
    public IEnumerable<DatasetRow> ReadAllRows(string datasetId, int version) =>
        new VersionRows(_db, datasetId, version).All().Select(r => new DatasetRow(r.Index, r.Row.Text, r.Row.Label));
}
