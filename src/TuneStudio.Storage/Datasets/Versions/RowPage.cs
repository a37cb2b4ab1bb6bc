using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// A run of consecutive rows stored as one document with _id "{datasetId}/p/{hash of its rows}". Versions list the
/// pages they are made of, so a page that two versions share is stored once: that is what keeps a version that
/// changes ten rows from storing the other 99,990 again. Pages belong to one dataset, so removing a dataset's
/// unfinished version never has to ask other datasets whether they still use a page.
/// </summary>
internal static class RowPage
{
    public static ILiteCollection<BsonDocument> In(LiteDatabase database) => database.GetCollection(CollectionNames.RowPages);

    public static string Key(string datasetId, string hash) => $"{datasetId}/p/{hash}";

    /// <summary>Every page id of a dataset sorts between these two: hashes are lower-case hex.</summary>
    public static BsonExpression AllOf(string datasetId) =>
        Query.Between("_id", $"{datasetId}/p/", $"{datasetId}/p/~");

    public static BsonDocument ToDocument(string key, IReadOnlyList<StoredRow> rows)
    {
        var array = new BsonArray();
        foreach (var row in rows) array.Add(new BsonDocument { ["i"] = row.Id, ["t"] = row.Text, ["l"] = row.Label });
        return new BsonDocument { ["_id"] = key, ["rows"] = array };
    }

    public static List<StoredRow> FromDocument(BsonDocument document) =>
        document["rows"].AsArray
            .Select(r => new StoredRow(r["i"].AsInt64, r["t"].AsString, r["l"].AsString))
            .ToList();

    /// <summary>A row's identity and content, the unit that page boundaries and page hashes are built from.</summary>
    public static byte[] RowHash(StoredRow row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(number, row.Id);
        hash.AppendData(number);
        Append(hash, row.Text);
        Append(hash, row.Label);
        return hash.GetHashAndReset();
    }

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
