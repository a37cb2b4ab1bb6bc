using LiteDB;

namespace TuneStudio.Storage;

/// <summary>What deleting a dataset removed: its versions, and the image blobs no other dataset refers to.</summary>
public sealed record DatasetRemoved(DatasetSummary Dataset, int Versions, int BlobsRemoved, int BlobsKept);

/// <summary>
/// Deletes a dataset whole. The dataset, its versions, page lists and splits go in one transaction, so the dataset is
/// either listed with all its versions or not at all; its row pages follow in batches (a crash between leaves pages
/// nothing can reach, never a half dataset). Image blobs are shared by hash across datasets: only those no other
/// dataset's rows name are removed, and none while an import is under way (it may be about to name one).
/// </summary>
internal sealed class DatasetRemoval(StudioDatabase db)
{
    private const int PagesPerWrite = 500;

    public DatasetRemoved? Run(string datasetId)
    {
        lock (VersionDerivation.Gate)
        {
            var dataset = db.Read(database => database.GetCollection<DatasetDocument>(CollectionNames.Datasets).FindById(datasetId));
            if (dataset is null) return null;
            var images = dataset.Task == DatasetTasks.ImageClassification ? ImageHashes(datasetId) : [];

            var versions = db.Write(database =>
            {
                var removed = database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions).DeleteMany(v => v.DatasetId == datasetId);
                PageList.In(database).DeleteMany(Query.StartsWith("_id", $"{datasetId}/v"));
                SplitStorage.In(database).DeleteMany(Query.StartsWith("_id", $"{datasetId}/v"));
                database.GetCollection(CollectionNames.ImportRejections).Delete(datasetId);
                database.GetCollection<DatasetDocument>(CollectionNames.Datasets).Delete(datasetId);
                return removed;
            });
            var pages = db.Read(database => RowPage.In(database).Query().Where(RowPage.AllOf(datasetId))
                .Select("{ id: $._id }").ToList().Select(d => d["id"].AsString).ToList());
            foreach (var batch in pages.Chunk(PagesPerWrite))
                db.Write(database => { foreach (var key in batch) RowPage.In(database).Delete(key); });

            var (removedBlobs, keptBlobs) = images.Count == 0 ? (0, 0) : RemoveUnsharedBlobs(images);
            return new DatasetRemoved(dataset.ToSummary(), versions, removedBlobs, keptBlobs);
        }
    }

    private (int Removed, int Kept) RemoveUnsharedBlobs(HashSet<string> hashes)
    {
        var blobs = new ImageBlobs(db.BlobDirectory);
        lock (ImageBlobs.RemovalGate)
        {
            // An import under way may have found one of these blobs already stored and be about to publish rows naming it.
            if (db.Read(database => UnfinishedImports.In(database).Count()) > 0) return (0, hashes.Count);
            var total = hashes.Count;
            var otherImageDatasets = db.Read(database => database.GetCollection<DatasetDocument>(CollectionNames.Datasets)
                .Find(d => d.Task == DatasetTasks.ImageClassification).Select(d => d.Id).ToList());
            foreach (var other in otherImageDatasets)
                hashes.ExceptWith(ImageHashes(other));
            var removed = hashes.Count(blobs.Remove);
            return (removed, total - hashes.Count);
        }
    }

    private HashSet<string> ImageHashes(string datasetId) => db.Read(database =>
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in RowPage.In(database).Find(RowPage.AllOf(datasetId)))
        foreach (var row in RowPage.FromDocument(page))
            if (ImageReference.Parse(row.Text) is { } image) hashes.Add(image.Hash);
        return hashes;
    });
}
