namespace TuneStudio.Storage;

/// <summary>
/// An image upload read in the import's two passes: <see cref="Validate"/> reads everything and stores nothing;
/// <see cref="Images"/> reads it again for storing, throwing <see cref="InvalidDataException"/> if it no longer reads
/// as it did.
/// </summary>
internal interface IImageSource
{
    /// <summary>The format recorded on the version: "zip" (class folders) or "idx".</summary>
    string Format { get; }

    /// <summary>Reports problems through <paramref name="error"/>; returns how many images there are.</summary>
    long Validate(Action<string> error, CancellationToken cancellationToken);

    IEnumerable<SourceImage> Images(CancellationToken cancellationToken);
}

/// <summary>One image ready to store: its bytes as they will be stored (PNG or JPEG), decoded size, label and part.</summary>
internal sealed record SourceImage(string EntryName, string Label, byte[] Bytes, ImageReference Size, SplitPart? Part);

/// <summary>An uploaded file or a ZIP entry, by name.</summary>
internal sealed record NamedContent(string Name, Func<Stream> Open);
