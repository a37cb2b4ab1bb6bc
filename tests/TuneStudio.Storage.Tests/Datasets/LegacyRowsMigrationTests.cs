using LiteDB;

namespace TuneStudio.Storage.Tests.Datasets;

public class LegacyRowsMigrationTests
{
    [Fact]
    public void Rows_stored_one_document_each_by_an_older_studio_are_rewritten_as_pages_on_open()
    {
        using var studio = new TemporaryStudio();
        var imported = studio.Import("text,label\n a ,x\nb,y\nc,x\n", "old.csv").Dataset!;
        var hash = studio.Datasets.GetVersion(imported.Id, 1)!.ContentHash;
        // Turn it into what the older layout stored: rows in "rows", no pages or page list.
        studio.Db.Write(database =>
        {
            database.GetCollection(CollectionNames.RowPages).DeleteAll();
            database.GetCollection(CollectionNames.VersionPages).DeleteAll();
            var rows = new[] { (" a ", "x"), ("b", "y"), ("c", "x") }.Select((r, i) => new BsonDocument
            {
                ["_id"] = $"{imported.Id}/v1/{i:D10}", ["text"] = r.Item1, ["label"] = r.Item2,
            });
            database.GetCollection("rows").InsertBulk(rows);
        });

        studio.Reopen();

        Assert.Equal([new DatasetRow(0, " a ", "x"), new DatasetRow(1, "b", "y"), new DatasetRow(2, "c", "x")], studio.Datasets.ReadAllRows(imported.Id, 1));
        Assert.Equal(hash, studio.Datasets.GetVersion(imported.Id, 1)!.ContentHash);
        Assert.False(studio.Db.Read(database => database.CollectionExists("rows")));
        Assert.True(studio.Datasets.ApplyOperation(imported.Id, 1, new TrimWhitespace()).Succeeded);
        Assert.Equal(1, studio.Datasets.Diff(imported.Id, 1, 2)!.Changed);
    }
}
