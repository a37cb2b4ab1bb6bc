using System.IO.Compression;

namespace TuneStudio.Storage;

/// <summary>
/// A ZIP of one folder per class: "cat/1.png" is an image labelled "cat". The class is the folder an image sits in,
/// so "pets/cat/1.png" is a "cat" too; an image at the top of the archive has no class and is refused.
/// </summary>
internal sealed class ClassFolderZip(ImageUpload upload, ImageLimits limits) : IImageSource
{
    public string Format => "zip";

    public long Validate(Action<string> error, CancellationToken cancellationToken)
    {
        long count = 0;
        var ok = Read(entries =>
        {
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ClassOf(entry.Name) is not { } label)
                {
                    error($"'{entry.Name}' is not inside a class folder; put each image in a folder named after its class.");
                    return;
                }
                // A folder name becomes a label: it follows the rule for names.
                if (InputText.CheckName(label, $"The class folder of '{entry.Name}'") is { } badLabel)
                {
                    error(badLabel);
                    return;
                }
                var (_, problem) = ImageCheck.Check(entry.Name, entry.Read(), limits);
                if (problem is not null) error(problem);
                if (++count > limits.MaxImages)
                {
                    error($"'{upload.FileName}' holds more than {limits.MaxImages:N0} images.");
                    return;
                }
            }
            if (count == 0) error($"'{upload.FileName}' holds no images; put PNG or JPEG files in one folder per class.");
        }, error);
        return ok ? count : 0;
    }

    public IEnumerable<SourceImage> Images(CancellationToken cancellationToken)
    {
        using var stream = upload.Open();
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
        var entries = SafeZip.Entries(archive, upload.FileName, limits, _ => { })
            ?? throw new InvalidDataException("The archive no longer passes its checks.");
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = entry.Read();
            var (size, problem) = ImageCheck.Check(entry.Name, bytes, limits);
            if (size is null || ClassOf(entry.Name) is not { } label) throw new InvalidDataException(problem ?? entry.Name);
            yield return new SourceImage(entry.Name, label, bytes, size, null);
        }
    }

    private bool Read(Action<List<SafeZip.Entry>> use, Action<string> error)
    {
        try
        {
            using var stream = upload.Open();
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
            if (SafeZip.Entries(archive, upload.FileName, limits, error) is not { } entries) return false;
            use(entries);
            return true;
        }
        catch (InvalidDataException e)
        {
            error($"'{upload.FileName}' is not a readable ZIP archive: {e.Message}");
            return false;
        }
    }

    internal static string? ClassOf(string entryName)
    {
        var folder = Path.GetDirectoryName(entryName.Replace('\\', '/'));
        return string.IsNullOrEmpty(folder) ? null : Path.GetFileName(folder);
    }
}
