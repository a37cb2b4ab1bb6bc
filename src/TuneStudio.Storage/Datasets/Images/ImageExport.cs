using System.IO.Compression;

namespace TuneStudio.Storage;

/// <summary>
/// Writes an image version as a ZIP of class folders, "{label}/{row index}.png|.jpg", which imports back as the same
/// images and labels. A '/' or '\' in a class name (Fashion-MNIST's "T-shirt/top") would open a folder of its own, so
/// it is written as '-'.
/// </summary>
internal static class ImageExport
{
    public static void Write(IEnumerable<DatasetRow> rows, ImageBlobs blobs, Stream output)
    {
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var row in rows)
        {
            var reference = ImageReference.Parse(row.Text) ?? throw new InvalidDataException($"Row {row.Index} is not an image row.");
            var bytes = blobs.Read(reference.Hash) ?? throw new InvalidDataException($"The image {reference.Hash} of row {row.Index} is missing.");
            var folder = row.Label.Replace('/', '-').Replace('\\', '-');
            if (folder is "" or "." or "..") folder = "_";
            // Images are already compressed: storing them again through deflate costs time and saves nothing.
            var entry = archive.CreateEntry($"{folder}/{row.Index:D6}{ImageFormats.Extension(bytes)}", CompressionLevel.NoCompression);
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }
}
