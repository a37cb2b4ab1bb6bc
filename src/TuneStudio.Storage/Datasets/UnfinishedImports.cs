using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// Marks an import while its rows are being written. The mark is removed in the same transaction that stores the
/// dataset, so a mark found when the database opens belongs to an import that a crash or kill cut short: its rows are removed then.
/// </summary>
internal static class UnfinishedImports
{
    private const int RowsPerWrite = 5_000;

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
            DatasetRows.RemoveAll(db, datasetId, version, RowsPerWrite);
            db.Write(database => Unmark(database, datasetId, version));
        }
    }
}
