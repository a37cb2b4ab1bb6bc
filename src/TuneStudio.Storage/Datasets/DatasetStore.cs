using TuneStudio.Storage.Import;

namespace TuneStudio.Storage;

/// <summary>Text-classification datasets: validated imports, immutable versions, and rows read page by page.</summary>
public sealed class DatasetStore
{
    public const int MaxReportedErrors = 100;
    private const int RowsPerRead = 5_000;

    private readonly StudioDatabase _db;

    public DatasetStore(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// The file's column names, for the column-mapping dialog: the CSV/TSV header or the first JSON object's keys.
    /// Reads the first record only. Empty when the type is not supported or the first record cannot be read.
    /// </summary>
    public IReadOnlyList<string> PeekColumns(Func<Stream> openContent, string fileName)
    {
        ArgumentNullException.ThrowIfNull(openContent);
        var format = TextClassificationFormat.ForFileName(fileName);
        if (format is null) return [];
        using var content = openContent();
        return format.PeekColumns(content);
    }

    /// <summary>
    /// Validates the whole file (reporting the first <see cref="MaxReportedErrors"/> errors and the total), and only
    /// if it is clean stores it as version 1 of a new dataset. <paramref name="openContent"/> is called once per pass
    /// and must return a fresh stream from the start each time. The format follows the extension: .csv, .tsv, .jsonl
    /// or .ndjson. Cancelling stores nothing and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public ImportResult ImportTextClassification(
        Func<Stream> openContent, string fileName, string datasetName, ColumnMapping? mapping, CancellationToken cancellationToken = default) =>
        new TextClassificationImport(_db).Run(openContent, fileName, datasetName, mapping, cancellationToken);

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

    /// <summary>Rows skip..skip+take-1 in row order: one range scan of the _id index, however deep the page.</summary>
    public IReadOnlyList<DatasetRow> GetRows(string datasetId, int version, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        return ReadPage(datasetId, version, skip, take);
    }

    /// <summary>
    /// Every row in order, read <c>5,000</c> at a time. Each page is one short read, so training can stream a large
    /// dataset while the studio keeps serving other requests between pages.
    /// </summary>
    public IEnumerable<DatasetRow> ReadAllRows(string datasetId, int version)
    {
        for (long first = 0; ; first += RowsPerRead)
        {
            var page = ReadPage(datasetId, version, first, RowsPerRead);
            foreach (var row in page) yield return row;
            if (page.Count < RowsPerRead) yield break;
        }
    }

    private List<DatasetRow> ReadPage(string datasetId, int version, long first, int count)
    {
        if (count == 0) return [];
        var last = DatasetRows.LastIndexFrom(first, count);
        return _db.Read(database => DatasetRows.ReadRange(database, datasetId, version, first, last));
    }
}
