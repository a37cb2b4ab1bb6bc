using System.IO.Compression;

namespace TuneStudio.Storage;

/// <summary>
/// Reads a ZIP upload defensively. Entry names that climb out of the archive ("..", absolute paths, drive letters) are
/// refused; so are archives whose entries declare more than the limits, compress suspiciously well, or expand beyond
/// the size they declare (a forged header). Every check names the entry it failed on.
/// </summary>
internal static class SafeZip
{
    /// <summary>A file entry that passed the name and size checks, and how to read its bytes.</summary>
    public sealed record Entry(string Name, Func<byte[]> Read);

    /// <summary>
    /// The archive's file entries (folders, "__MACOSX/" and dot files skipped), or null after reporting the first problem.
    /// The entries read from <paramref name="archive"/>, which the caller keeps open while reading them.
    /// </summary>
    public static List<Entry>? Entries(ZipArchive archive, string archiveName, ImageLimits limits, Action<string> error)
    {
        var entries = new List<Entry>();
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (UnsafeName(name))
            {
                error($"'{archiveName}' holds '{name}', a path outside the archive; entries must be relative paths without '..'.");
                return null;
            }
            if (name.EndsWith('/') || IsClutter(name)) continue;
            if (entry.Length > limits.MaxEntryBytes)
            {
                error($"'{name}' expands to {entry.Length:N0} bytes; entries may be at most {limits.MaxEntryBytes:N0}.");
                return null;
            }
            total += entry.Length;
            if (total > limits.MaxTotalBytes)
            {
                error($"'{archiveName}' expands to more than {limits.MaxTotalBytes:N0} bytes (at '{name}'); split it into smaller uploads.");
                return null;
            }
            if (entry.Length >= limits.RatioCheckedFromBytes && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                error($"'{name}' expands {entry.Length / Math.Max(1, entry.CompressedLength):N0} times its compressed size " +
                      $"(at most {limits.MaxCompressionRatio} allowed); it looks like a zip bomb.");
                return null;
            }
            entries.Add(new Entry(name, () => ReadCapped(entry)));
        }
        return entries;
    }

    private static bool UnsafeName(string name) =>
        name.Length == 0 || name.StartsWith('/') || name.StartsWith('\\') || name.Contains('\\') ||
        (name.Length > 1 && name[1] == ':') ||
        name.Split('/').Any(part => part == "..");

    private static bool IsClutter(string name) =>
        name.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(name).StartsWith('.');

    /// <summary>
    /// Reads at most the declared size. .NET's entry stream already stops there (a forged header yields a truncated
    /// image, tested); the trailing-byte check keeps the promise should a runtime not.
    /// </summary>
    private static byte[] ReadCapped(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[entry.Length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) throw new InvalidDataException($"'{entry.FullName}' is shorter than its declared {entry.Length:N0} bytes.");
            read += n;
        }
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"'{entry.FullName}' expands beyond its declared {entry.Length:N0} bytes; it looks like a zip bomb.");
        return buffer;
    }
}
