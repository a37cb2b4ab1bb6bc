using TuneStudio.Storage.Tests.Datasets.Images;

namespace TuneStudio.Storage.Tests.Datasets;

public sealed class DatasetDeletionTests
{
    [Fact]
    public void Deleting_a_dataset_removes_every_version_and_row_and_leaves_the_others_whole()
    {
        using var studio = new TemporaryStudio();
        var kept = studio.Import("text,label\nAnn,female\nBob,male\n", "kept.csv", name: "kept").Dataset!;
        var doomed = studio.Import("text,label\n Cy ,male\nDee,female\nEve,female\n", "doomed.csv", name: "doomed").Dataset!;
        Assert.True(studio.Datasets.ApplyOperation(doomed.Id, 1, new TrimWhitespace()).Succeeded);
        Assert.True(studio.Datasets.ApplyOperation(doomed.Id, 2, new SplitRows(SplitMethod.Random, 0.34, 0.34, 1)).Succeeded);

        var removed = studio.Datasets.Delete(doomed.Id);

        Assert.NotNull(removed);
        Assert.Equal(3, removed.Versions);
        Assert.Null(studio.Datasets.Get(doomed.Id));
        Assert.Null(studio.Datasets.GetVersion(doomed.Id, 1));
        Assert.Equal([kept.Id], studio.Datasets.List().Select(d => d.Id));
        // Only the kept dataset's one version is left: one page list, its pages, no split.
        Assert.Equal(1, studio.Count(CollectionNames.DatasetVersions));
        Assert.Equal(0, studio.Count(CollectionNames.VersionSplits));
        Assert.All(studio.Db.Read(db => db.GetCollection(CollectionNames.RowPages).FindAll().Select(d => d["_id"].AsString).ToList()),
            key => Assert.StartsWith($"{kept.Id}/p/", key));
        Assert.Equal(["Ann", "Bob"], studio.Datasets.ReadAllRows(kept.Id, 1).Select(r => r.Text));
        Assert.Null(studio.Datasets.Delete(doomed.Id));
    }

    [Fact]
    public void An_image_dataset_takes_its_own_blobs_and_leaves_those_another_dataset_shows()
    {
        using var studio = new TemporaryStudio();
        byte[] shared = TestImages.Png(seed: 1), own = TestImages.Png(seed: 2), other = TestImages.Png(seed: 3);
        var keep = studio.Datasets.ImportImages([TestImages.Upload("keep.zip", TestImages.Zip(("cat/a.png", shared), ("dog/b.png", other)))], "keep").Dataset!;
        var drop = studio.Datasets.ImportImages([TestImages.Upload("drop.zip", TestImages.Zip(("cat/a.png", shared), ("dog/c.png", own)))], "drop").Dataset!;
        Assert.Equal(3, studio.Datasets.Images.Count());

        var removed = studio.Datasets.Delete(drop.Id)!;

        Assert.Equal((1, 1), (removed.BlobsRemoved, removed.BlobsKept));
        Assert.Equal(2, studio.Datasets.Images.Count());
        Assert.True(studio.Datasets.Images.Exists(ImageBlobs.HashOf(shared)));
        Assert.True(studio.Datasets.Images.Exists(ImageBlobs.HashOf(other)));
        Assert.False(studio.Datasets.Images.Exists(ImageBlobs.HashOf(own)));
        Assert.True(studio.Datasets.HoldsImage(keep.Id, ImageBlobs.HashOf(shared)));
    }
}
