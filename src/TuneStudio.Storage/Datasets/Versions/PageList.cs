using System.Globalization;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// The pages a version is made of, in order, stored as documents of up to <see cref="RefsPerDocument"/> references
/// with _id "{datasetId}/v{version}/{chunk:D6}", so that even a version of millions of rows needs no large document.
/// </summary>
internal static class PageList
{
    public const int RefsPerDocument = 1_000;

    public static ILiteCollection<BsonDocument> In(LiteDatabase database) => database.GetCollection(CollectionNames.VersionPages);

    public static IEnumerable<BsonDocument> ToDocuments(string datasetId, int version, IReadOnlyList<PageRef> pages)
    {
        for (var chunk = 0; chunk * RefsPerDocument < pages.Count || chunk == 0; chunk++)
        {
            var refs = new BsonArray();
            foreach (var page in pages.Skip(chunk * RefsPerDocument).Take(RefsPerDocument))
                refs.Add(new BsonDocument { ["h"] = page.Hash, ["n"] = page.Rows });
            yield return new BsonDocument { ["_id"] = Key(datasetId, version, chunk), ["pages"] = refs };
        }
    }

    public static List<PageRef> Read(LiteDatabase database, string datasetId, int version) =>
        In(database).Query()
            .Where(AllOf(datasetId, version))
            .OrderBy("_id")
            .ToList()
            .SelectMany(d => d["pages"].AsArray)
            .Select(r => new PageRef(r["h"].AsString, r["n"].AsInt32))
            .ToList();

    public static int Remove(LiteDatabase database, string datasetId, int version) =>
        In(database).DeleteMany(AllOf(datasetId, version));

    // "ds/v1/…" never reaches "ds/v10/…": '/' sorts before every digit.
    private static BsonExpression AllOf(string datasetId, int version) =>
        Query.Between("_id", Key(datasetId, version, 0), Key(datasetId, version, 999_999));

    private static string Key(string datasetId, int version, int chunk) =>
        $"{DatasetVersionDocument.KeyFor(datasetId, version)}/{chunk.ToString("D6", CultureInfo.InvariantCulture)}";
}

/// <summary>One page of a version: its content hash and how many rows it holds.</summary>
internal readonly record struct PageRef(string Hash, int Rows);
