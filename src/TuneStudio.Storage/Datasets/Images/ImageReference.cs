using System.Globalization;
using System.Text.RegularExpressions;

namespace TuneStudio.Storage;

/// <summary>
/// What an image row stores in place of a text: the SHA-256 of its blob and the decoded size. Keeping it in the row's
/// text field, as "{hash} {width}x{height}x{channels}", lets versions, shared pages, diffs, splits and label operations
/// work on image rows unchanged; a duplicate image is a duplicate row, and an image in two splits is leakage.
/// </summary>
public sealed partial record ImageReference(string Hash, int Width, int Height, int Channels)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Hash} {Width}x{Height}x{Channels}");

    /// <summary>Null when <paramref name="text"/> is not an image row's text.</summary>
    public static ImageReference? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success) return null;
        return new ImageReference(
            match.Groups["hash"].Value,
            int.Parse(match.Groups["w"].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["c"].ValueSpan, CultureInfo.InvariantCulture));
    }

    /// <summary>Blob hashes are lower-case hex SHA-256: anything else never names a blob (and never a path).</summary>
    public static bool IsHash(string value) => HashPattern().IsMatch(value);

    [GeneratedRegex("^(?<hash>[0-9a-f]{64}) (?<w>[0-9]{1,9})x(?<h>[0-9]{1,9})x(?<c>[0-9])$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
