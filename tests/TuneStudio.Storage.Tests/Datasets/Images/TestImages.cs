using System.IO.Compression;
using StbImageWriteSharp;

namespace TuneStudio.Storage.Tests.Datasets.Images;

/// <summary>Small images and archives built in memory, and the Fashion-MNIST slice in tests/data.</summary>
internal static class TestImages
{
    public static readonly string[] FashionSliceFiles =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> PNG whose pixels depend on <paramref name="seed"/>.</summary>
    public static byte[] Png(int width = 8, int height = 6, int channels = 3, int seed = 1)
    {
        using var output = new MemoryStream();
        new ImageWriter().WritePng(Pixels(width, height, channels, seed), width, height, (ColorComponents)channels, output);
        return output.ToArray();
    }

    public static byte[] Jpeg(int width = 8, int height = 6, int seed = 1)
    {
        using var output = new MemoryStream();
        new ImageWriter().WriteJpg(Pixels(width, height, 3, seed), width, height, ColorComponents.RedGreenBlue, output, 90);
        return output.ToArray();
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        return output.ToArray();
    }

    public static ImageUpload Upload(string fileName, byte[] content) => new(fileName, () => new MemoryStream(content, writable: false));

    public static string FashionSlicePath(string fileName) =>
        Path.Combine(Path.GetDirectoryName(TestFiles.FirstNamesCsvPath())!, "fashion-mnist-slice", fileName);

    public static byte[] FashionSlice(string fileName) => File.ReadAllBytes(FashionSlicePath(fileName));

    public static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }

    private static byte[] Pixels(int width, int height, int channels, int seed)
    {
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 31 + seed * 97);
        return pixels;
    }
}
