namespace TuneStudio.Storage;

/// <summary>
/// What an image upload may hold. Sizes are checked from each image's header before it is decoded, so a small file
/// that claims a huge image is refused without allocating it; the ZIP limits refuse archives that expand far beyond
/// what was uploaded (zip bombs).
/// </summary>
public sealed record ImageLimits
{
    public int MaxWidth { get; init; } = 4096;
    public int MaxHeight { get; init; } = 4096;

    /// <summary>Grey, RGB and RGBA; grey with alpha is refused because training expects 1, 3 or 4 planes.</summary>
    public IReadOnlySet<int> AllowedChannels { get; init; } = new HashSet<int> { 1, 3, 4 };

    public long MaxImages { get; init; } = 2_000_000;

    /// <summary>One ZIP entry (or one decompressed IDX file), uncompressed.</summary>
    public long MaxEntryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>All ZIP entries together, uncompressed.</summary>
    public long MaxTotalBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Uncompressed over compressed size, for entries above <see cref="RatioCheckedFromBytes"/>.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Tiny entries compress absurdly well (a blank icon) without being a threat.</summary>
    public long RatioCheckedFromBytes { get; init; } = 1024 * 1024;
}
