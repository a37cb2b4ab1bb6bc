using System.IO.Compression;

namespace TuneStudio.Storage;

/// <summary>Picks how to read an image upload from what was posted: IDX files, a ZIP of them, or a ZIP of class folders.</summary>
internal static class ImageSources
{
    public static IImageSource? For(IReadOnlyList<ImageUpload> uploads, ImageLimits limits, Action<string> error)
    {
        if (uploads.Count == 0)
        {
            error("No file was uploaded.");
            return null;
        }
        if (uploads.All(u => IdxFiles.IsIdxName(u.FileName)))
            return new IdxFiles(uploads.Select(u => new NamedContent(u.FileName, u.Open)).ToList(), limits);
        if (uploads.Count == 1 && uploads[0].FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            return IdxInsideZip(uploads[0], limits, error) ?? (IImageSource)new ClassFolderZip(uploads[0], limits);
        var names = string.Join(", ", uploads.Select(u => $"'{Path.GetFileName(u.FileName)}'"));
        error($"{names}: upload one .zip of class folders, or MNIST-format IDX files (e.g. train-images-idx3-ubyte.gz).");
        return null;
    }

    /// <summary>An IDX source reading the ZIP's entries, when every file in it is an IDX file.</summary>
    private static IdxFiles? IdxInsideZip(ImageUpload upload, ImageLimits limits, Action<string> error)
    {
        try
        {
            using var stream = upload.Open();
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
            var names = archive.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
            if (names.Count == 0 || !names.All(IdxFiles.IsIdxName)) return null;
        }
        catch (InvalidDataException)
        {
            return null; // the class-folder reader reports the broken archive
        }
        return new IdxFiles(IdxEntries(upload, limits), limits);
    }

    private static List<NamedContent> IdxEntries(ImageUpload upload, ImageLimits limits)
    {
        using var stream = upload.Open();
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        var names = archive.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
        // Each open re-reads the archive, through the same name and bomb checks as class-folder ZIPs.
        return names.Select(name => new NamedContent(name, () => new MemoryStream(ReadEntry(upload, name, limits), writable: false))).ToList();
    }

    private static byte[] ReadEntry(ImageUpload upload, string name, ImageLimits limits)
    {
        using var stream = upload.Open();
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        string? problem = null;
        var entries = SafeZip.Entries(archive, upload.FileName, limits, e => problem = e);
        var entry = entries?.FirstOrDefault(e => e.Name == name) ?? throw new InvalidDataException(problem ?? $"'{name}' is missing.");
        return entry.Read();
    }
}
