using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// Marks a version while its pages are being written (an import's version 1, or a version an operation derives).
/// The mark is removed in the same transaction that publishes the version, so a mark found when the database opens
/// belongs to work that a crash or kill cut short: its page list and the pages no published version uses are removed then.
/// </summary>
internal static class UnfinishedImports
{
    private const int PagesPerWrite = 500;

    public static ILiteCollection<BsonDocument> In(LiteDatabase database) => database.GetCollection(CollectionNames.PendingImports);

    public static BsonDocument Mark(string datasetId, int version) => new()
    {
        ["_id"] = DatasetVersionDocument.KeyFor(datasetId, version),
        ["datasetId"] = datasetId,
        ["version"] = version,
        ["startedAt"] = DateTime.UtcNow,
    };

    public static void Unmark(LiteDatabase database, string datasetId, int version) =>
        In(database).Delete(DatasetVersionDocument.KeyFor(datasetId, version));

    /// <summary>Only safe while no import is running, which is why it runs as the database opens.</summary>
    public static void Remove(StudioDatabase db)
    {
        var marks = db.Read(database => In(database).FindAll().ToList());
        foreach (var mark in marks)
        {
            var datasetId = mark["datasetId"].AsString;
            var version = mark["version"].AsInt32;
            RemoveVersion(db, datasetId, version);
        }
    }

    /// <summary>
    /// Removes an unpublished version: its page list, then every page of the dataset that no published version lists.
    /// The caller must make sure no other version of the dataset is being written meanwhile.
    /// </summary>
    public static void RemoveVersion(StudioDatabase db, string datasetId, int version)
    {
        db.Write(database =>
        {
            PageList.Remove(database, datasetId, version);
            SplitStorage.Remove(database, datasetId, version);
        });
        var used = db.Read(database => PublishedVersions(database, datasetId)
            .SelectMany(v => PageList.Read(database, datasetId, v))
            .Select(p => RowPage.Key(datasetId, p.Hash))
            .ToHashSet(StringComparer.Ordinal));
        var stored = db.Read(database => RowPage.In(database).Query()
            .Where(RowPage.AllOf(datasetId))
            .Select("{ id: $._id }")
            .ToList()
            .Select(d => d["id"].AsString)
            .ToList());
        foreach (var batch in stored.Where(key => !used.Contains(key)).Chunk(PagesPerWrite))
            db.Write(database => { foreach (var key in batch) RowPage.In(database).Delete(key); });
        db.Write(database => Unmark(database, datasetId, version));
    }

    private static List<int> PublishedVersions(LiteDatabase database, string datasetId) =>
        database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions)
            .Find(v => v.DatasetId == datasetId)
            .Select(v => v.Version)
            .ToList();
}
