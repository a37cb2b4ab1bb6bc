using System.Globalization;
using LiteDB;
using TuneStudio.Storage.Import;

namespace TuneStudio.Storage;

/// <summary>
/// The rows collection: one document per row with _id "{datasetId}/v{version}/{index:D10}", so a page of rows is
/// one range scan of the _id index. Rows are plain BsonDocuments: no mapper touches their text.
/// </summary>
internal static class DatasetRows
{
    private const long LastPossibleIndex = 9_999_999_999;

    public static ILiteCollection<BsonDocument> In(LiteDatabase database) => database.GetCollection(CollectionNames.Rows);

    public static BsonDocument ToDocument(string datasetId, int version, long index, LabeledText row) => new()
    {
        ["_id"] = Key(datasetId, version, index),
        ["text"] = row.Text,
        ["label"] = row.Label,
    };

    public static DatasetRow FromDocument(BsonDocument document)
    {
        var key = document["_id"].AsString;
        var index = long.Parse(key.AsSpan(key.Length - 10), CultureInfo.InvariantCulture);
        return new DatasetRow(index, document["text"].AsString, document["label"].AsString);
    }

    /// <summary>Rows first..last (inclusive) of a version, in row order.</summary>
    public static List<DatasetRow> ReadRange(LiteDatabase database, string datasetId, int version, long first, long last) =>
        In(database).Query()
            .Where(Range(datasetId, version, first, last))
            .OrderBy("_id")
            .ToList()
            .Select(FromDocument)
            .ToList();

    /// <summary>
    /// Deletes a version's rows a batch per write, so a large clean-up never holds the one lock for long.
    /// Rows are written from index 0 without gaps, so the first empty batch means all are gone.
    /// </summary>
    public static void RemoveAll(StudioDatabase db, string datasetId, int version, int rowsPerWrite)
    {
        for (long first = 0; first <= LastPossibleIndex; first += rowsPerWrite)
        {
            var last = Math.Min(first + rowsPerWrite - 1, LastPossibleIndex);
            var removed = db.Write(database => In(database).DeleteMany(Range(datasetId, version, first, last)));
            if (removed == 0) return;
        }
    }

    public static long LastIndexFrom(long first, int count) =>
        count <= 0 ? first - 1 : Math.Min(LastPossibleIndex, first + count - 1);

    private static BsonExpression Range(string datasetId, int version, long first, long last) =>
        Query.Between("_id", Key(datasetId, version, first), Key(datasetId, version, last));

    private static string Key(string datasetId, int version, long index) =>
        $"{datasetId}/v{version}/{index.ToString("D10", CultureInfo.InvariantCulture)}";
}
