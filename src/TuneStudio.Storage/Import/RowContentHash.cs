using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TuneStudio.Storage.Import;

/// <summary>
/// SHA-256 over a version's rows in order, computed as they stream past. Each row adds its text and then its label,
/// each as an 8-byte little-endian UTF-8 length followed by the UTF-8 bytes: the lengths keep ("ab","c") and ("a","bc") apart.
/// A version with a split then adds the split (<see cref="AddSplit"/>).
/// </summary>
internal sealed class RowContentHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _scratch = new byte[1024];

    public void Add(LabeledText row)
    {
        AddString(row.Text);
        AddString(row.Label);
    }

    /// <summary>
    /// A stored split is part of a version's identity: after the rows, an 8-byte little-endian −1 (no text length is
    /// negative, so this never reads as a row), then a byte per row for its part (0 train, 1 validation, 2 test) and,
    /// with folds, a byte per row for its fold (255 for none).
    /// </summary>
    public void AddSplit(SplitAssignment split)
    {
        Span<byte> marker = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(marker, -1);
        _hash.AppendData(marker);
        _hash.AppendData(split.Parts.Select(part => (byte)part).ToArray());
        if (split.Folds is { } folds) _hash.AppendData(folds.Select(fold => fold >= 0 ? (byte)fold : (byte)255).ToArray());
    }

    /// <summary>Lower-case hex.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private void AddString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (_scratch.Length < length + sizeof(long)) _scratch = new byte[Math.Max(length + sizeof(long), _scratch.Length * 2)];
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, length);
        Encoding.UTF8.GetBytes(value, 0, value.Length, _scratch, sizeof(long));
        _hash.AppendData(_scratch, 0, sizeof(long) + length);
    }
}
