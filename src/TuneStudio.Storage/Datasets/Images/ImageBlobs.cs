using System.Security.Cryptography;

namespace TuneStudio.Storage;

/// <summary>
/// Image files under the blob folder, named by the SHA-256 of their bytes, so an image that appears in many rows,
/// versions or datasets is stored once. A blob is written to a temporary name and moved into place, so a reader never
/// sees half an image. Blobs are never changed; one whose import failed is left for a later clean-up, harmlessly.
/// </summary>
public sealed class ImageBlobs(string blobDirectory)
{
    public string Folder { get; } = Path.Combine(blobDirectory, "images");

    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // Held while a blob is stored and while a deleted dataset's blobs are removed: an import that finds a blob
    // already there must not have it removed before its rows are published (the removal checks for imports under way).
    internal static readonly object RemovalGate = new();

    /// <summary>Stores the bytes unless an identical blob exists; returns their hash.</summary>
    public string Store(byte[] bytes)
    {
        var hash = HashOf(bytes);
        lock (RemovalGate) return StoreUnlocked(bytes, hash);
    }

    /// <summary>Removes a blob no dataset refers to any more; false when there was none.</summary>
    internal bool Remove(string hash)
    {
        var path = PathFor(hash);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    private string StoreUnlocked(byte[] bytes, string hash)
    {
        var path = PathFor(hash);
        if (File.Exists(path)) return hash;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another import stored the same image first: same bytes, nothing to do.
            File.Delete(temporary);
        }
        return hash;
    }

    public bool Exists(string hash) => ImageReference.IsHash(hash) && File.Exists(PathFor(hash));

    /// <summary>Null when there is no such blob.</summary>
    public byte[]? Read(string hash) => Exists(hash) ? File.ReadAllBytes(PathFor(hash)) : null;

    // Raw 8-bit pixels as a PNG, e.g. an augmented copy shown beside its original.
    public static byte[] EncodePng(byte[] pixels, int width, int height, int channels) => ImageCheck.EncodePng(pixels, width, height, channels);

    // The image's 8-bit pixels, rows of interleaved channels as stored (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA); null if absent.
    public (byte[] Pixels, int Width, int Height, int Channels)? ReadPixels(string hash)
    {
        if (Read(hash) is not { } bytes) return null;
        var image = StbImageSharp.ImageResult.FromMemory(bytes, StbImageSharp.ColorComponents.Default);
        return (image.Data, image.Width, image.Height, (int)image.Comp);
    }

    /// <summary>How many blobs are stored: for tests and the admin page.</summary>
    public int Count() => Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".tmp", StringComparison.Ordinal)) : 0;

    private string PathFor(string hash) =>
        ImageReference.IsHash(hash) ? Path.Combine(Folder, hash[..2], hash) : throw new ArgumentException("Not an image hash.", nameof(hash));
}
