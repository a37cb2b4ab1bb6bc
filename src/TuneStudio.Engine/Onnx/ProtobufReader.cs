namespace TuneStudio.Engine.Onnx;

// The protobuf wire format, just what reading ONNX needs: varints, 64/32-bit fixed fields and
// length-delimited fields (sub-messages, strings, bytes, packed repeated numbers).
// Offsets are checked against the buffer so a truncated file fails with a message instead of garbage.
internal ref struct ProtobufReader
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly ReadOnlySpan<byte> buffer;
    private readonly string what;
    private int position;

    public ProtobufReader(ReadOnlySpan<byte> buffer, int start, string what)
    {
        this.buffer = buffer;
        this.what = what;
        position = start;
    }

    public readonly bool AtEnd => position >= buffer.Length;

    public readonly int Position => position;

    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Require(1);
            var current = buffer[position++];
            value |= (ulong)(current & 0x7F) << shift;
            if ((current & 0x80) == 0) return value;
        }
        throw new InvalidDataException($"{what}: malformed varint at byte {position}.");
    }

    // Returns (offset, length) of the field's bytes within the buffer, so callers can slice without copying.
    public (int Offset, int Length) ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > int.MaxValue) throw new InvalidDataException($"{what}: field of {length} bytes at byte {position} is too long.");
        Require((int)length);
        var offset = position;
        position += (int)length;
        return (offset, (int)length);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Require(8); position += 8; break;
            case LengthDelimited: ReadLengthDelimited(); break;
            case Fixed32: Require(4); position += 4; break;
            default: throw new InvalidDataException($"{what}: unsupported protobuf wire type {wireType} at byte {position}.");
        }
    }

    private readonly void Require(int count)
    {
        if (position + count > buffer.Length)
            throw new InvalidDataException(
                $"{what} is truncated or corrupt: a field at byte {position} needs {count} more bytes, but the data ends at byte {buffer.Length}.");
    }
}
