using System.Text;

namespace TuneStudio.Storage.Import;

/// <summary>
/// Files are read as UTF-8 (with or without a BOM). A UTF-16 file says so with its BOM and is transcoded to UTF-8
/// as it streams, so the parsers only ever see UTF-8; a UTF-32 BOM is refused. Byte offsets in later errors of a
/// UTF-16 file count UTF-8 bytes.
/// </summary>
internal static class TextEncodingDetection
{
    /// <exception cref="RefusedEncodingException">The file is UTF-32.</exception>
    public static Stream OpenAsUtf8(Stream raw)
    {
        var head = new byte[4];
        var read = ReadUpTo(raw, head);
        if (RefusedEncoding(head.AsSpan(0, read)) is { } refused)
        {
            raw.Dispose();
            throw new RefusedEncodingException(refused);
        }
        var prefixed = new PrefixedStream(head.AsMemory(0, read), raw);
        var encoding = Utf16(head.AsSpan(0, read));
        return encoding is null ? prefixed : Encoding.CreateTranscodingStream(prefixed, encoding, new UTF8Encoding(false), leaveOpen: false);
    }

    /// <summary>Why a file's encoding is refused before parsing, or null.</summary>
    private static string? RefusedEncoding(ReadOnlySpan<byte> span)
    {
        if (span.StartsWith((byte[])[0xFF, 0xFE, 0x00, 0x00]) || span.StartsWith((byte[])[0x00, 0x00, 0xFE, 0xFF]))
            return "The file is UTF-32 (byte offset 0 holds a UTF-32 byte order mark); save it as UTF-8 or UTF-16.";
        return null;
    }

    /// <summary>Byte offset of the first code unit that is not well-formed UTF-16 (a lone or reversed surrogate, an odd last byte), or -1.</summary>
    public static long FindInvalidUtf16(Stream raw)
    {
        var head = new byte[2];
        if (ReadUpTo(raw, head) < 2) return -1;
        var bigEndian = head[0] == 0xFE;
        var unit = new byte[2];
        long offset = 2;
        var expectLow = false;
        while (true)
        {
            var read = ReadUpTo(raw, unit);
            if (read == 0) return expectLow ? offset : -1;
            if (read == 1) return offset;
            var value = bigEndian ? (unit[0] << 8) | unit[1] : (unit[1] << 8) | unit[0];
            var isHigh = value is >= 0xD800 and <= 0xDBFF;
            var isLow = value is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != isLow) return expectLow ? offset - 2 : offset;
            expectLow = isHigh;
            offset += 2;
        }
    }

    private static Encoding? Utf16(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((byte[])[0xFF, 0xFE])) return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
        if (head.StartsWith((byte[])[0xFE, 0xFF])) return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
        return null;
    }

    private static int ReadUpTo(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    /// <summary>The bytes already read to sniff the encoding, then the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}

internal sealed class RefusedEncodingException(string message) : Exception(message);
