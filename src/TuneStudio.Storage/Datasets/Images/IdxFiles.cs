using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace TuneStudio.Storage;

/// <summary>
/// MNIST-format IDX files, gzipped or not: "{prefix}-images-idx3-ubyte" with "{prefix}-labels-idx1-ubyte" for each
/// part. "train" becomes the train split and "t10k" (or "test") the test split, so Fashion-MNIST's four files import
/// as they are published. Labels are class numbers; they are named by <see cref="FashionMnist"/> when the images are
/// Fashion-MNIST's, and "0".."9" otherwise.
/// </summary>
internal sealed partial class IdxFiles(IReadOnlyList<NamedContent> files, ImageLimits limits) : IImageSource
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    private sealed record Part(string Prefix, SplitPart Split, NamedContent Images, NamedContent Labels);

    private sealed record Header(int Count, int Rows, int Columns);

    public string Format => "idx";

    public static bool IsIdxName(string fileName) => NamePattern().IsMatch(Path.GetFileName(fileName));

    public long Validate(Action<string> error, CancellationToken cancellationToken)
    {
        if (Pair(error) is not { } parts) return 0;
        long count = 0;
        var classes = new HashSet<byte>();
        foreach (var part in parts)
        {
            try
            {
                using var labelStream = OpenDecompressed(part.Labels);
                var labels = ReadLabels(part.Labels.Name, labelStream);
                using var imageStream = OpenDecompressed(part.Images);
                var header = ReadImagesHeader(part.Images.Name, imageStream);
                if (header.Count != labels.Length)
                {
                    error($"'{part.Images.Name}' holds {header.Count:N0} images but '{part.Labels.Name}' holds {labels.Length:N0} labels; they must agree.");
                    continue;
                }
                var pixels = new byte[header.Rows * header.Columns];
                for (var i = 0; i < header.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (imageStream.ReadAtLeast(pixels, pixels.Length, throwOnEndOfStream: false) < pixels.Length)
                        throw new InvalidDataException($"'{part.Images.Name}' ends after {i:N0} of its {header.Count:N0} images.");
                }
                if (imageStream.ReadByte() >= 0) throw new InvalidDataException($"'{part.Images.Name}' is longer than its header says.");
                foreach (var label in labels) classes.Add(label);
                count += header.Count;
            }
            catch (InvalidDataException e)
            {
                error(e.Message);
            }
        }
        if (count > limits.MaxImages) error($"The files hold {count:N0} images; at most {limits.MaxImages:N0} are allowed.");
        return count;
    }

    public IEnumerable<SourceImage> Images(CancellationToken cancellationToken)
    {
        var parts = Pair(_ => { }) ?? throw new InvalidDataException("The files no longer pair up.");
        var names = ClassNames(parts);
        foreach (var part in parts)
        {
            byte[] labels;
            using (var labelStream = OpenDecompressed(part.Labels)) labels = ReadLabels(part.Labels.Name, labelStream);
            using var imageStream = OpenDecompressed(part.Images);
            var header = ReadImagesHeader(part.Images.Name, imageStream);
            for (var i = 0; i < header.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pixels = new byte[header.Rows * header.Columns];
                imageStream.ReadExactly(pixels);
                var png = ImageCheck.EncodePng(pixels, header.Columns, header.Rows, 1);
                yield return new SourceImage($"{part.Images.Name}#{i}", names(labels[i]), png,
                    new ImageReference("", header.Columns, header.Rows, 1), part.Split);
            }
        }
    }

    /// <summary>Fashion-MNIST's names when every label is 0–9 and a file's first image is Fashion-MNIST's; else the numbers.</summary>
    private Func<byte, string> ClassNames(List<Part> parts)
    {
        var fashion = true;
        var isFashion = false;
        foreach (var part in parts)
        {
            using (var labelStream = OpenDecompressed(part.Labels))
                fashion &= ReadLabels(part.Labels.Name, labelStream).All(l => l < FashionMnist.ClassNames.Count);
            using var imageStream = OpenDecompressed(part.Images);
            var header = ReadImagesHeader(part.Images.Name, imageStream);
            if (header.Count == 0) continue;
            var first = new byte[header.Rows * header.Columns];
            imageStream.ReadExactly(first);
            isFashion |= FashionMnist.IsFirstImage(first);
        }
        return fashion && isFashion ? l => FashionMnist.ClassNames[l] : l => l.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private List<Part>? Pair(Action<string> error)
    {
        var byPrefix = new Dictionary<string, (NamedContent? Images, NamedContent? Labels)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var match = NamePattern().Match(Path.GetFileName(file.Name));
            if (!match.Success)
            {
                error($"'{file.Name}' is not an IDX file; name them like 'train-images-idx3-ubyte.gz' and 'train-labels-idx1-ubyte.gz'.");
                return null;
            }
            var prefix = match.Groups["prefix"].Value;
            var current = byPrefix.GetValueOrDefault(prefix);
            byPrefix[prefix] = match.Groups["kind"].Value == "images" ? current with { Images = file } : current with { Labels = file };
        }
        var parts = new List<Part>();
        foreach (var (prefix, (images, labels)) in byPrefix)
        {
            if (images is null || labels is null)
            {
                error($"'{(images ?? labels)!.Name}' has no matching {(images is null ? "images" : "labels")} file with the prefix '{prefix}'.");
                return null;
            }
            if (SplitOf(prefix) is not { } split)
            {
                error($"'{images.Name}' has the prefix '{prefix}'; use 'train' for the train split and 't10k' or 'test' for the test split.");
                return null;
            }
            parts.Add(new Part(prefix, split, images, labels));
        }
        if (parts.Count == 0) error("No IDX files were uploaded.");
        return parts.Count == 0 ? null : parts.OrderBy(p => p.Split).ToList();
    }

    private static SplitPart? SplitOf(string prefix) => prefix.ToLowerInvariant() switch
    {
        "train" => SplitPart.Train,
        "t10k" or "test" => SplitPart.Test,
        _ => null,
    };

    private Stream OpenDecompressed(NamedContent file)
    {
        var stream = file.Open();
        return file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private byte[] ReadLabels(string name, Stream stream)
    {
        var (magic, count) = (ReadInt(name, stream), ReadInt(name, stream));
        if (magic != LabelsMagic) throw new InvalidDataException($"'{name}' does not start with the IDX labels magic number 0x00000801 (found 0x{magic:X8}).");
        if (count < 0 || count > limits.MaxImages) throw new InvalidDataException($"'{name}' declares {count:N0} labels; at most {limits.MaxImages:N0} are allowed.");
        var labels = new byte[count];
        try
        {
            stream.ReadExactly(labels);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{name}' ends before its {count:N0} labels.");
        }
        if (stream.ReadByte() >= 0) throw new InvalidDataException($"'{name}' is longer than its header says.");
        return labels;
    }

    private Header ReadImagesHeader(string name, Stream stream)
    {
        var magic = ReadInt(name, stream);
        if (magic != ImagesMagic) throw new InvalidDataException($"'{name}' does not start with the IDX images magic number 0x00000803 (found 0x{magic:X8}).");
        var header = new Header(ReadInt(name, stream), ReadInt(name, stream), ReadInt(name, stream));
        if (header.Count < 0 || header.Count > limits.MaxImages) throw new InvalidDataException($"'{name}' declares {header.Count:N0} images; at most {limits.MaxImages:N0} are allowed.");
        if (header.Rows <= 0 || header.Columns <= 0 || header.Rows > limits.MaxHeight || header.Columns > limits.MaxWidth)
            throw new InvalidDataException($"'{name}' declares {header.Columns}×{header.Rows} images; images may be at most {limits.MaxWidth}×{limits.MaxHeight}.");
        if ((long)header.Count * header.Rows * header.Columns > limits.MaxEntryBytes)
            throw new InvalidDataException($"'{name}' declares more than {limits.MaxEntryBytes:N0} bytes of pixels.");
        return header;
    }

    private static int ReadInt(string name, Stream stream)
    {
        Span<byte> bytes = stackalloc byte[4];
        try
        {
            stream.ReadExactly(bytes);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{name}' ends inside its IDX header.");
        }
        return BinaryPrimitives.ReadInt32BigEndian(bytes);
    }

    [GeneratedRegex(@"^(?<prefix>[A-Za-z0-9]+)-(?<kind>images|labels)[-.]idx[13]-ubyte(\.gz)?$")]
    private static partial Regex NamePattern();
}
