using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class CancelledImportTests
{
    [Fact]
    public void A_cancelled_import_stores_nothing()
    {
        using var studio = new TemporaryStudio();
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 23_000; i++) content.Append($"example number {i},label{i % 2}\n");
        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        using var cancellation = new CancellationTokenSource();
        var opened = 0;
        var pagesWhenCancelled = -1;

        Stream Open()
        {
            if (++opened == 1) return new MemoryStream(bytes);
            // Pass 2: cancel once most of the file has been read, after several batches of rows are stored.
            return new ReadProgressStream(new MemoryStream(bytes), read =>
            {
                if (read < bytes.Length * 3 / 4 || cancellation.IsCancellationRequested) return;
                pagesWhenCancelled = studio.Count(CollectionNames.RowPages);
                cancellation.Cancel();
            });
        }

        Assert.ThrowsAny<OperationCanceledException>(() =>
            studio.Datasets.ImportTextClassification(Open, "big.csv", "big", null, cancellation.Token));

        Assert.Equal(2, opened);
        // Pages hold 64 rows on average: this many means thousands of rows were stored before cancelling.
        Assert.True(pagesWhenCancelled >= 50, $"only {pagesWhenCancelled} pages were stored before cancelling");
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void An_import_cancelled_before_it_starts_stores_nothing()
    {
        using var studio = new TemporaryStudio();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            studio.Import(TestFiles.Utf8("text,label\na,x\n"), "a.csv", cancellationToken: cancellation.Token));

        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Fact]
    public void Rows_of_an_import_cut_short_are_removed_when_the_database_opens()
    {
        using var studio = new TemporaryStudio();
        var kept = studio.Import("text,label\nkeep,me\n", "a.csv").Dataset!;
        // What a kill during pass 2 leaves: the import's mark and some of its pages, but no version or dataset.
        studio.Db.Write(database =>
        {
            UnfinishedImports.In(database).Insert(UnfinishedImports.Mark("ds-cut", 1));
            for (var i = 0; i < 7; i++)
                RowPage.In(database).Insert(RowPage.ToDocument(RowPage.Key("ds-cut", $"{i:x32}"), [new StoredRow(i, "t", "l")]));
            PageList.In(database).InsertBulk(PageList.ToDocuments("ds-cut", 1, [new PageRef($"{0:x32}", 1)]));
        });
        var pagesKept = studio.Count(CollectionNames.RowPages) - 7;

        studio.Reopen();

        Assert.Equal(pagesKept, studio.Count(CollectionNames.RowPages));
        Assert.Equal(1, studio.Count(CollectionNames.VersionPages));
        Assert.Equal(0, studio.Count(CollectionNames.PendingImports));
        Assert.Equal([new DatasetRow(0, "keep", "me")], studio.Datasets.ReadAllRows(kept.Id, 1));
    }
}
