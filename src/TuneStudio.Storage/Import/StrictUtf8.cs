using System.Text;
using System.Text.Unicode;

namespace TuneStudio.Storage.Import;

/// <summary>UTF-8 decoding that refuses malformed bytes instead of silently replacing them with U+FFFD.</summary>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.GetString(bytes);

    /// <summary>Index of the first byte that is not part of well-formed UTF-8, or -1 when all of it is.</summary>
    public static int FindInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        var index = 0;
        while (index < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return index;
            index += consumed;
        }
        return -1;
    }
}
