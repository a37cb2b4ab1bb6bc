using System.Globalization;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// A version's split, stored as byte arrays of up to <see cref="RowsPerDocument"/> rows in documents with _id
/// "{datasetId}/v{version}/{chunk:D6}": one byte per row for the part, one for the fold (255 when none).
/// </summary>
internal static class SplitStorage
{
    public const int RowsPerDocument = 1_000_000;
    private const byte NoFold = 255;

    public static ILiteCollection<BsonDocument> In(LiteDatabase database) => database.GetCollection(CollectionNames.VersionSplits);

    public static void Insert(LiteDatabase database, string datasetId, int version, SplitAssignment split)
    {
        var count = split.Parts.Count;
        for (var chunk = 0; chunk * RowsPerDocument < count || chunk == 0; chunk++)
        {
            var first = chunk * RowsPerDocument;
            var length = Math.Min(RowsPerDocument, count - first);
            var parts = new byte[length];
            var folds = new byte[length];
            for (var i = 0; i < length; i++)
            {
                parts[i] = (byte)split.Parts[first + i];
                folds[i] = split.Folds is { } f && f[first + i] >= 0 ? (byte)f[first + i] : NoFold;
            }
            In(database).Insert(new BsonDocument { ["_id"] = Key(datasetId, version, chunk), ["parts"] = parts, ["folds"] = folds });
        }
    }

    public static SplitAssignment? Read(LiteDatabase database, string datasetId, int version, SplitRows? settings)
    {
        if (settings is null) return null;
        var documents = In(database).Query()
            .Where(Query.Between("_id", Key(datasetId, version, 0), Key(datasetId, version, 999_999)))
            .OrderBy("_id")
            .ToList();
        var parts = documents.SelectMany(d => d["parts"].AsBinary).Select(b => (SplitPart)b).ToList();
        var folds = settings.Folds >= 2
            ? documents.SelectMany(d => d["folds"].AsBinary).Select(b => b == NoFold ? -1 : b).ToList()
            : null;
        return new SplitAssignment(settings, parts, folds);
    }

    public static int Remove(LiteDatabase database, string datasetId, int version) =>
        In(database).DeleteMany(Query.Between("_id", Key(datasetId, version, 0), Key(datasetId, version, 999_999)));

    private static string Key(string datasetId, int version, int chunk) =>
        $"{DatasetVersionDocument.KeyFor(datasetId, version)}/{chunk.ToString("D6", CultureInfo.InvariantCulture)}";
}
