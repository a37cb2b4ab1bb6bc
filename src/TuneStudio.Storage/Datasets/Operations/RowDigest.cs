using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TuneStudio.Storage;

/// <summary>128 bits of SHA-256 over a text and a label, length-prefixed so ("ab","c") and ("a","bc") differ.</summary>
internal static class RowDigest
{
    public static UInt128 Of(string text, string label)
    {
        var textBytes = Encoding.UTF8.GetBytes(text);
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var buffer = new byte[8 + textBytes.Length + labelBytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, textBytes.Length);
        textBytes.CopyTo(buffer, 8);
        labelBytes.CopyTo(buffer, 8 + textBytes.Length);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer, digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
