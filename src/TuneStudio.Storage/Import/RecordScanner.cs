namespace TuneStudio.Storage.Import;

/// <summary>
/// Splits a byte stream into records without ever holding more than one record in memory.
/// With quoting on it follows RFC 4180: a field that starts with a quote runs to the matching quote, may hold
/// delimiters and line breaks, and spells a quote as two; a quote inside an unquoted field is kept as a plain character.
/// Records end at \n, \r\n or \r. A UTF-8 BOM at the start is skipped. It works on bytes, not characters, because
/// every byte it looks for is ASCII (which UTF-8 never uses inside a multi-byte character) and because the caller
/// must name the exact offset of any malformed UTF-8.
/// </summary>
internal sealed class RecordScanner
{
    private const byte Quote = (byte)'"';
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';
    private const int NoDelimiter = -1;

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private readonly Stream _stream;
    private readonly int _delimiter;
    private readonly bool _quoting;
    private readonly int _maxRecordBytes;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ScannedRecord _record = new();
    private int _position;
    private int _filled;
    private long _offset;
    private long _ordinal;
    private bool _started;
    private bool _finished;
    private bool _lineFeedMayFollow;

    private RecordScanner(Stream stream, int delimiter, bool quoting, int maxRecordBytes)
    {
        _stream = stream;
        _delimiter = delimiter;
        _quoting = quoting;
        _maxRecordBytes = maxRecordBytes;
    }

    public static RecordScanner Delimited(Stream stream, byte delimiter, int maxRecordBytes) =>
        new(stream, delimiter, quoting: true, maxRecordBytes);

    public static RecordScanner Lines(Stream stream, int maxRecordBytes) =>
        new(stream, NoDelimiter, quoting: false, maxRecordBytes);

    /// <summary>The next record, or null at the end. The returned object is reused by the following call.</summary>
    public ScannedRecord? Next()
    {
        if (_finished) return null;
        if (!_started) SkipByteOrderMark();
        SkipLineFeedAfterCarriageReturn();

        var record = _record;
        record.Reset(++_ordinal, _offset);
        var state = State.FieldStart;
        var fieldStart = 0;
        var fieldQuoted = false;
        long quoteOpenedAt = 0;
        var consumedAny = false;

        while (true)
        {
            if (_position == _filled && !Fill())
            {
                _finished = true;
                if (!consumedAny) return null;
                if (state == State.Quoted) SetProblem(RecordProblem.UnterminatedQuote, quoteOpenedAt, overrideTooLong: true);
                record.Fields.Add(new FieldSpan(fieldStart, record.Length, fieldQuoted));
                return record;
            }

            var value = _buffer[_position++];
            var valueOffset = _offset++;
            consumedAny = true;

            if (state == State.Quoted)
            {
                if (value == Quote) state = State.QuoteInQuoted;
                Keep(value);
                continue;
            }

            if (value == LineFeed || value == CarriageReturn)
            {
                _lineFeedMayFollow = value == CarriageReturn;
                record.Fields.Add(new FieldSpan(fieldStart, record.Length, fieldQuoted));
                return record;
            }

            if (value == _delimiter)
            {
                record.Fields.Add(new FieldSpan(fieldStart, record.Length, fieldQuoted));
                Keep(value);
                fieldStart = record.Length;
                fieldQuoted = false;
                state = State.FieldStart;
                continue;
            }

            if (state == State.FieldStart && _quoting && value == Quote)
            {
                state = State.Quoted;
                fieldQuoted = true;
                quoteOpenedAt = valueOffset;
            }
            else if (state == State.QuoteInQuoted && value == Quote)
            {
                // The second quote of a doubled pair: still inside the quoted field.
                state = State.Quoted;
            }
            else if (state == State.QuoteInQuoted)
            {
                SetProblem(RecordProblem.TextAfterClosingQuote, valueOffset, overrideTooLong: false);
                state = State.Unquoted;
            }
            else if (state == State.FieldStart)
            {
                state = State.Unquoted;
            }

            Keep(value);
        }
    }

    private void Keep(byte value)
    {
        if (_record.Length < _maxRecordBytes)
        {
            _record.Append(value);
            return;
        }
        // Past the limit the bytes are dropped, but scanning goes on so the next record starts in the right place.
        if (_record.Problem == RecordProblem.None) _record.Problem = RecordProblem.TooLong;
    }

    private void SetProblem(RecordProblem problem, long offset, bool overrideTooLong)
    {
        if (_record.Problem != RecordProblem.None && !(overrideTooLong && _record.Problem == RecordProblem.TooLong)) return;
        _record.Problem = problem;
        _record.ProblemOffset = offset;
    }

    private bool Fill()
    {
        _position = 0;
        _filled = _stream.Read(_buffer, 0, _buffer.Length);
        return _filled > 0;
    }

    private void SkipByteOrderMark()
    {
        _started = true;
        // Streams may return fewer bytes than asked for, so gather three before looking.
        while (_filled < 3)
        {
            var read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (read == 0) break;
            _filled += read;
        }
        if (_filled >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _position = 3;
            _offset = 3;
        }
    }

    private void SkipLineFeedAfterCarriageReturn()
    {
        if (!_lineFeedMayFollow) return;
        _lineFeedMayFollow = false;
        if (_position == _filled && !Fill()) return;
        if (_buffer[_position] != LineFeed) return;
        _position++;
        _offset++;
    }
}
