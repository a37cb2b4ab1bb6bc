using System.IO.Compression;
using StbImageSharp;

namespace TuneStudio.Storage.Tests.Datasets.Images;

public class ImageImportTests
{
    private static ImportResult ImportFashionSlice(TemporaryStudio studio, bool asZip = false)
    {
        var files = TestImages.FashionSliceFiles.Select(f => (f, TestImages.FashionSlice(f))).ToArray();
        IReadOnlyList<ImageUpload> uploads = asZip
            ? [TestImages.Upload("fashion.zip", TestImages.Zip(files))]
            : files.Select(f => new ImageUpload(f.f, () => File.OpenRead(TestImages.FashionSlicePath(f.f)))).ToList();
        return studio.Datasets.ImportImages(uploads, "fashion");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fashion_MNIST_IDX_slice_imports_with_the_right_counts_splits_and_class_names(bool asZip)
    {
        using var studio = new TemporaryStudio();

        var result = ImportFashionSlice(studio, asZip);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        var dataset = result.Dataset!;
        Assert.Equal(DatasetTasks.ImageClassification, dataset.Task);
        Assert.Equal(50, dataset.Rows);
        Assert.Equal(FashionMnistNames.Order(StringComparer.Ordinal), dataset.Labels.Order(StringComparer.Ordinal));
        var version = studio.Datasets.GetVersion(dataset.Id, 1)!;
        Assert.Equal(4, version.LabelCounts["Ankle boot"]);
        Assert.Equal(7, version.LabelCounts["T-shirt/top"]);
        var split = studio.Datasets.GetSplit(dataset.Id, 1)!;
        Assert.Equal(40, split.Parts.Count(p => p == SplitPart.Train));
        Assert.Equal(10, split.Parts.Count(p => p == SplitPart.Test));
        var first = studio.Datasets.GetRows(dataset.Id, 1, 0, 1).Single();
        Assert.Equal("Ankle boot", first.Label);
        Assert.Equal(new ImageReference(ImageReference.Parse(first.Text)!.Hash, 28, 28, 1), ImageReference.Parse(first.Text));
    }

    private static readonly string[] FashionMnistNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    [Fact]
    public void IDX_files_that_are_not_Fashion_MNIST_get_digit_class_names()
    {
        using var studio = new TemporaryStudio();
        // The same layout with every pixel inverted: no longer Fashion-MNIST's first image.
        var images = TestImages.Gunzip(TestImages.FashionSlice("t10k-images-idx3-ubyte.gz"));
        for (var i = 16; i < images.Length; i++) images[i] = (byte)(255 - images[i]);

        var result = studio.Datasets.ImportImages(
            [TestImages.Upload("t10k-images-idx3-ubyte", images), TestImages.Upload("t10k-labels-idx1-ubyte.gz", TestImages.FashionSlice("t10k-labels-idx1-ubyte.gz"))],
            "digits");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Contains("9", result.Dataset!.Labels);
        Assert.All(result.Dataset.Labels, l => Assert.Matches("^[0-9]$", l));
    }

    [Fact]
    public void A_class_folder_zip_imports_with_labels_from_its_folders()
    {
        using var studio = new TemporaryStudio();
        var zip = TestImages.Zip(
            ("cat/1.png", TestImages.Png(seed: 1)),
            ("cat/2.jpg", TestImages.Jpeg(seed: 2)),
            ("dog/1.png", TestImages.Png(10, 12, channels: 1, seed: 3)),
            ("__MACOSX/dog/._1.png", [0, 1, 2]));

        var result = studio.Datasets.ImportImages([TestImages.Upload("pets.zip", zip)], "pets");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        var rows = studio.Datasets.GetRows(result.Dataset!.Id, 1, 0, 10);
        Assert.Equal(["cat", "cat", "dog"], rows.Select(r => r.Label));
        Assert.Equal(new[] { 3, 3, 1 }, rows.Select(r => ImageReference.Parse(r.Text)!.Channels));
        Assert.Equal((10, 12), (ImageReference.Parse(rows[2].Text)!.Width, ImageReference.Parse(rows[2].Text)!.Height));
        Assert.Equal(3, studio.Datasets.Images.Count());
    }

    [Fact]
    public void Identical_images_are_stored_once()
    {
        using var studio = new TemporaryStudio();
        var same = TestImages.Png(seed: 5);
        var zip = TestImages.Zip(("cat/a.png", same), ("cat/b.png", same), ("dog/c.png", same), ("dog/d.png", TestImages.Png(seed: 6)));

        var first = studio.Datasets.ImportImages([TestImages.Upload("a.zip", zip)], "first");
        var second = studio.Datasets.ImportImages([TestImages.Upload("a.zip", zip)], "second");

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(2, studio.Datasets.Images.Count());
        var hashes = studio.Datasets.GetRows(first.Dataset!.Id, 1, 0, 4).Select(r => ImageReference.Parse(r.Text)!.Hash).ToList();
        Assert.Equal(2, hashes.Distinct().Count());
        Assert.Equal(ImageBlobs.HashOf(same), hashes[0]);
    }

    [Fact]
    public void A_relabel_version_diff_shows_the_changed_label()
    {
        using var studio = new TemporaryStudio();
        var zip = TestImages.Zip(("cat/a.png", TestImages.Png(seed: 1)), ("dog/b.png", TestImages.Png(seed: 2)));
        var dataset = studio.Datasets.ImportImages([TestImages.Upload("a.zip", zip)], "pets").Dataset!;

        var relabel = studio.Datasets.ApplyOperation(dataset.Id, 1, new FixRow(2, null, "cat"));

        Assert.True(relabel.Succeeded, string.Join("; ", relabel.Errors.Select(e => e.Message)));
        var diff = studio.Datasets.Diff(dataset.Id, 1, 2)!;
        var change = Assert.Single(diff.Changes);
        Assert.Equal(RowChangeKind.Changed, change.Kind);
        Assert.Equal(["label"], change.ChangedFields);
        Assert.Equal(("dog", "cat"), (change.Before!.Label, change.After!.Label));
        Assert.Equal(change.Before.Text, change.After.Text);
    }

    [Fact]
    public void Operations_that_rewrite_texts_are_refused_for_image_datasets()
    {
        using var studio = new TemporaryStudio();
        var zip = TestImages.Zip(("cat/a.png", TestImages.Png(seed: 1)));
        var dataset = studio.Datasets.ImportImages([TestImages.Upload("a.zip", zip)], "pets").Dataset!;

        var result = studio.Datasets.ApplyOperation(dataset.Id, 1, new FixRow(1, "not an image", null));

        Assert.False(result.Succeeded);
        Assert.Equal("operation", result.Errors.Single().Field);
        Assert.Single(studio.Datasets.ListVersions(dataset.Id));
    }

    [Fact]
    public void Export_round_trips_class_folders()
    {
        using var studio = new TemporaryStudio();
        var zip = TestImages.Zip(("cat/a.png", TestImages.Png(seed: 1)), ("cat/b.jpg", TestImages.Jpeg(seed: 2)), ("dog/c.png", TestImages.Png(seed: 3)));
        var original = studio.Datasets.ImportImages([TestImages.Upload("a.zip", zip)], "pets").Dataset!;

        using var exported = new MemoryStream();
        Assert.True(studio.Datasets.Export(original.Id, 1, "zip", exported));
        using (var archive = new ZipArchive(new MemoryStream(exported.ToArray())))
            Assert.Equal(["cat/000000.png", "cat/000001.jpg", "dog/000002.png"], archive.Entries.Select(e => e.FullName));
        var again = studio.Datasets.ImportImages([TestImages.Upload("export.zip", exported.ToArray())], "again").Dataset!;

        Assert.Equal(studio.Datasets.GetVersion(original.Id, 1)!.ContentHash, studio.Datasets.GetVersion(again.Id, 1)!.ContentHash);
    }

    [Fact]
    public void IDX_images_are_stored_as_decodable_PNGs()
    {
        using var studio = new TemporaryStudio();
        var dataset = ImportFashionSlice(studio).Dataset!;
        var reference = ImageReference.Parse(studio.Datasets.GetRows(dataset.Id, 1, 0, 1).Single().Text)!;

        var bytes = studio.Datasets.Images.Read(reference.Hash)!;

        Assert.True(ImageFormats.IsPng(bytes));
        var decoded = ImageResult.FromMemory(bytes, ColorComponents.Grey);
        Assert.Equal((28, 28), (decoded.Width, decoded.Height));
    }
}
