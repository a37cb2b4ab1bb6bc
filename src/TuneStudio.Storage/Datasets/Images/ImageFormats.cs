namespace TuneStudio.Storage;

/// <summary>The stored image formats, told apart by their first bytes rather than by a name someone chose.</summary>
public static class ImageFormats
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(PngSignature);

    public static bool IsJpeg(ReadOnlySpan<byte> bytes) => bytes.StartsWith(JpegSignature);

    /// <summary>"image/png", "image/jpeg", or null for anything else.</summary>
    public static string? ContentType(ReadOnlySpan<byte> bytes) =>
        IsPng(bytes) ? "image/png" : IsJpeg(bytes) ? "image/jpeg" : null;

    /// <summary>".png", ".jpg", or null for anything else.</summary>
    public static string? Extension(ReadOnlySpan<byte> bytes) =>
        IsPng(bytes) ? ".png" : IsJpeg(bytes) ? ".jpg" : null;
}
