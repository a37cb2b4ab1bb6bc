namespace TuneStudio.Storage;

/// <summary>
/// Reads a version's rows through its page list. Each read is one short call on the database, so a long stream
/// (training, an operation, a diff) never holds the lock between pages.
/// </summary>
internal sealed class VersionRows(StudioDatabase db, string datasetId, int version)
{
    private const int RowsPerRead = 5_000;

    public IReadOnlyList<PageRef> Pages { get; } = db.Read(database => PageList.Read(database, datasetId, version));

    /// <summary>Every row in order, with its position in the version.</summary>
    public IEnumerable<(long Index, StoredRow Row)> All()
    {
        long index = 0;
        foreach (var group in Groups(Pages))
        {
            foreach (var page in ReadPages(group))
            foreach (var row in page)
                yield return (index++, row);
        }
    }

    /// <summary>The rows of pages not in <paramref name="skipped"/>, in order, with their positions in the whole version.</summary>
    public IEnumerable<(long Index, StoredRow Row)> OutsidePages(IReadOnlySet<string> skipped)
    {
        long pageStart = 0;
        var wanted = new List<(long Start, PageRef Page)>();
        foreach (var page in Pages)
        {
            if (!skipped.Contains(page.Hash)) wanted.Add((pageStart, page));
            pageStart += page.Rows;
        }
        foreach (var group in wanted.Chunk(RowsPerRead / PageChunker.AverageRows))
        {
            var pages = ReadPages(group.Select(g => g.Page).ToList());
            for (var i = 0; i < group.Length; i++)
            {
                var index = group[i].Start;
                foreach (var row in pages[i]) yield return (index++, row);
            }
        }
    }

    /// <summary>Rows first..first+count-1 in order.</summary>
    public List<(long Index, StoredRow Row)> Range(long first, int count)
    {
        var wanted = new List<PageRef>();
        long pageStart = 0, firstPageStart = -1;
        foreach (var page in Pages)
        {
            var pageEnd = pageStart + page.Rows;
            if (pageEnd > first && pageStart < first + count)
            {
                if (firstPageStart < 0) firstPageStart = pageStart;
                wanted.Add(page);
            }
            if (pageStart >= first + count) break;
            pageStart = pageEnd;
        }
        if (wanted.Count == 0) return [];

        var result = new List<(long, StoredRow)>(count);
        var index = firstPageStart;
        foreach (var row in ReadPages(wanted).SelectMany(p => p))
        {
            if (index >= first && index < first + count) result.Add((index, row));
            index++;
        }
        return result;
    }

    public List<List<StoredRow>> ReadPages(IReadOnlyList<PageRef> pages) => db.Read(database =>
    {
        var collection = RowPage.In(database);
        return pages.Select(p => collection.FindById(RowPage.Key(datasetId, p.Hash)) is { } document
                ? RowPage.FromDocument(document)
                : throw new InvalidDataException($"Page {p.Hash} of {datasetId} v{version} is missing."))
            .ToList();
    });

    private static IEnumerable<List<PageRef>> Groups(IReadOnlyList<PageRef> pages)
    {
        var group = new List<PageRef>();
        var rows = 0;
        foreach (var page in pages)
        {
            group.Add(page);
            rows += page.Rows;
            if (rows < RowsPerRead) continue;
            yield return group;
            group = [];
            rows = 0;
        }
        if (group.Count > 0) yield return group;
    }
}
