using StbImageSharp;
using StbImageWriteSharp;

namespace TuneStudio.Storage;

/// <summary>
/// Decodes an uploaded image with a managed decoder and checks it against <see cref="ImageLimits"/>. The header is
/// read first, so a file that claims a 60,000-pixel-wide image is refused before anything that size is allocated;
/// then the whole image is decoded, because a truncated or corrupt body only shows when it is read.
/// </summary>
internal static class ImageCheck
{
    /// <summary>The decoded size, or why the image is refused (a sentence that starts with the entry name).</summary>
    public static (ImageReference? Size, string? Error) Check(string entryName, byte[] bytes, ImageLimits limits)
    {
        if (ImageFormats.ContentType(bytes) is null)
            return (null, $"'{entryName}' is not a PNG or JPEG image; only PNG and JPEG files are supported.");

        ImageInfo? info;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            info = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            info = null;
        }
        if (info is not { } header) return (null, $"'{entryName}' is corrupt: its image header cannot be read.");
        if (header.Width > limits.MaxWidth || header.Height > limits.MaxHeight)
            return (null, $"'{entryName}' is {header.Width}×{header.Height}; images may be at most {limits.MaxWidth}×{limits.MaxHeight}.");
        var channels = (int)header.ColorComponents;
        if (!limits.AllowedChannels.Contains(channels))
            return (null, $"'{entryName}' has {channels} channel(s); use {string.Join(", ", limits.AllowedChannels.Order())}.");

        try
        {
            var decoded = ImageResult.FromMemory(bytes, StbImageSharp.ColorComponents.Default);
            if (decoded.Width != header.Width || decoded.Height != header.Height)
                return (null, $"'{entryName}' is corrupt: its header and its pixels disagree on the size.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // stb's own messages are terse codes, sometimes unprintable: keep them only when they read as text.
            var detail = e.Message.Any(char.IsControl) || string.IsNullOrWhiteSpace(e.Message) ? "" : $" ({e.Message})";
            return (null, $"'{entryName}' is corrupt or truncated{detail}.");
        }
        return (new ImageReference("", header.Width, header.Height, channels), null);
    }

    /// <summary>A PNG of raw 8-bit pixels (IDX images have no file format of their own).</summary>
    public static byte[] EncodePng(byte[] pixels, int width, int height, int channels)
    {
        using var output = new MemoryStream();
        var components = channels switch
        {
            1 => StbImageWriteSharp.ColorComponents.Grey,
            2 => StbImageWriteSharp.ColorComponents.GreyAlpha,
            3 => StbImageWriteSharp.ColorComponents.RedGreenBlue,
            _ => StbImageWriteSharp.ColorComponents.RedGreenBlueAlpha,
        };
        new ImageWriter().WritePng(pixels, width, height, components, output);
        return output.ToArray();
    }
}
