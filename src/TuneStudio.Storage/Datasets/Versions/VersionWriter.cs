using LiteDB;
using TuneStudio.Storage.Import;

namespace TuneStudio.Storage;

/// <summary>
/// Writes the pages of one new version as its rows stream past, storing only pages the dataset does not already
/// hold, a batch per write so the one database lock is never held for long. It publishes nothing: the caller stores
/// the page list and the version document together, under an unfinished-version mark until then.
/// </summary>
/// <param name="labels">How labels hold classes: counts and class checks see each class (none for sentence pairs).</param>
internal sealed class VersionWriter(StudioDatabase db, string datasetId, LabelScheme labels) : IDisposable
{
    private const int RowsPerWrite = 5_000;
    private const long CharactersPerWrite = 8 * 1024 * 1024;

    private readonly PageChunker _chunker = new();
    private readonly RowContentHash _hash = new();
    private readonly LabelTally _labels = new();
    private readonly List<PageRef> _pages = [];
    private readonly ReportBuilder _report = new(nearMissLabels: labels != LabelScheme.Tags);
    private readonly List<FinishedPage> _batch = [];
    private long _batchRows;
    private long _batchCharacters;
    private long _rows;
    private long _maxRowId = -1;

    public void Add(StoredRow row, CancellationToken cancellationToken)
    {
        var classes = labels.Classes(row.Label).ToList();
        _report.Add(_rows, row, classes);
        _rows++;
        _maxRowId = Math.Max(_maxRowId, row.Id);
        foreach (var label in classes) _labels.Add(label);
        _hash.Add(new LabeledText(row.Text, row.Label));
        if (_chunker.Add(row) is { } page) Queue(page, cancellationToken);
    }

    public WrittenVersion Finish(CancellationToken cancellationToken) => Finish([], null, cancellationToken);

    /// <param name="moreWarnings">Warnings found outside the rows themselves, such as leakage between splits.</param>
    /// <param name="split">The version's split, when it has one: part of its content hash.</param>
    public WrittenVersion Finish(IEnumerable<DatasetWarning> moreWarnings, SplitAssignment? split, CancellationToken cancellationToken)
    {
        if (_chunker.Flush() is { } page) Queue(page, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        WriteBatch();
        if (split is not null) _hash.AddSplit(split);
        var labels = _labels.Counts;
        return new WrittenVersion(_rows, _maxRowId, labels, _hash.Finish(), _pages.ToList(), _report.Finish(labels, moreWarnings));
    }

    public void Dispose() => _hash.Dispose();

    private void Queue(FinishedPage page, CancellationToken cancellationToken)
    {
        _pages.Add(new PageRef(page.Hash, page.Rows.Count));
        _batch.Add(page);
        _batchRows += page.Rows.Count;
        _batchCharacters += page.Rows.Sum(r => (long)r.Text.Length + r.Label.Length);
        if (_batchRows < RowsPerWrite && _batchCharacters < CharactersPerWrite) return;
        cancellationToken.ThrowIfCancellationRequested();
        WriteBatch();
    }

    private void WriteBatch()
    {
        if (_batch.Count == 0) return;
        db.Write(database =>
        {
            var pages = RowPage.In(database);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var page in _batch)
            {
                var key = RowPage.Key(datasetId, page.Hash);
                if (!seen.Add(key) || pages.FindById(key) is not null) continue;
                pages.Insert(RowPage.ToDocument(key, page.Rows));
            }
        });
        _batch.Clear();
        _batchRows = 0;
        _batchCharacters = 0;
    }
}

/// <summary>What a <see cref="VersionWriter"/> stored: everything the version document needs.</summary>
internal sealed record WrittenVersion(
    long RowCount, long MaxRowId, IReadOnlyList<KeyValuePair<string, long>> LabelCounts, string ContentHash, IReadOnlyList<PageRef> Pages,
    ValidationReport Report);
