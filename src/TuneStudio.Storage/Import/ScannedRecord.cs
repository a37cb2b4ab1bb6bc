namespace TuneStudio.Storage.Import;

/// <summary>Where one field lies in a record's raw bytes; a quoted field's span includes its quotes.</summary>
internal readonly record struct FieldSpan(int Start, int End, bool Quoted);

internal enum RecordProblem
{
    None,
    UnterminatedQuote,
    TextAfterClosingQuote,
    TooLong,
}

/// <summary>
/// One record as <see cref="RecordScanner"/> found it: its raw bytes (line terminator excluded) and field spans.
/// The scanner reuses it for the next record, so read what you need before asking for another.
/// </summary>
internal sealed class ScannedRecord
{
    private byte[] _bytes = new byte[4096];

    /// <summary>1-based position among all records, blank lines included.</summary>
    public long Ordinal { get; internal set; }

    /// <summary>Byte offset of the record's first byte in the file (a skipped BOM counts).</summary>
    public long StartOffset { get; internal set; }

    public int Length { get; private set; }

    public List<FieldSpan> Fields { get; } = [];

    public RecordProblem Problem { get; internal set; }

    /// <summary>For <see cref="RecordProblem.UnterminatedQuote"/> and <see cref="RecordProblem.TextAfterClosingQuote"/>: the file offset involved.</summary>
    public long ProblemOffset { get; internal set; }

    /// <summary>A line with nothing on it. Blank lines are skipped but still counted in row numbers.</summary>
    public bool IsBlank => Length == 0 && Problem == RecordProblem.None;

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, Length);

    public ReadOnlySpan<byte> FieldBytes(FieldSpan field) => _bytes.AsSpan(field.Start, field.End - field.Start);

    internal void Reset(long ordinal, long startOffset)
    {
        Ordinal = ordinal;
        StartOffset = startOffset;
        Length = 0;
        Fields.Clear();
        Problem = RecordProblem.None;
        ProblemOffset = 0;
    }

    internal void Append(byte value)
    {
        if (Length == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[Length++] = value;
    }
}
