using System.Collections.Concurrent;
using System.Globalization;

namespace TuneStudio.Storage;

/// <summary>
/// Which image blobs a dataset's rows refer to, so the image endpoint serves a blob only to someone who may read a
/// dataset that holds it (blobs are shared by hash across datasets). Built once per dataset from all its pages (every
/// version's rows), and again when the dataset gets a new version. Keeps the first 128 bits of each SHA-256: finding
/// another image whose hash starts the same is as hard as a 128-bit hash collision, at a quarter of the memory.
/// </summary>
internal sealed class DatasetImageIndex(StudioDatabase db)
{
    private readonly ConcurrentDictionary<string, (int LatestVersion, HashSet<UInt128> Hashes)> _byDataset = new(StringComparer.Ordinal);

    public bool Holds(string datasetId, int latestVersion, string hash)
    {
        if (!ImageReference.IsHash(hash)) return false;
        if (!_byDataset.TryGetValue(datasetId, out var entry) || entry.LatestVersion != latestVersion)
            _byDataset[datasetId] = entry = (latestVersion, Read(datasetId));
        return entry.Hashes.Contains(Key(hash));
    }

    private HashSet<UInt128> Read(string datasetId) => db.Read(database =>
    {
        var hashes = new HashSet<UInt128>();
        foreach (var page in RowPage.In(database).Find(RowPage.AllOf(datasetId)))
        foreach (var row in RowPage.FromDocument(page))
            if (ImageReference.Parse(row.Text) is { } image) hashes.Add(Key(image.Hash));
        return hashes;
    });

    private static UInt128 Key(string hash) => UInt128.Parse(hash.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
