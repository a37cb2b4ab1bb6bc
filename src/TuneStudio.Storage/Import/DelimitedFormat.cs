namespace TuneStudio.Storage.Import;

/// <summary>CSV (comma) and TSV (tab): a header row, then one record per row, RFC 4180 quoting for both.</summary>
internal sealed class DelimitedFormat : TextClassificationFormat
{
    public static readonly DelimitedFormat Csv = new("csv", (byte)',');
    public static readonly DelimitedFormat Tsv = new("tsv", (byte)'\t');

    private readonly byte _delimiter;

    private DelimitedFormat(string name, byte delimiter)
    {
        Name = name;
        _delimiter = delimiter;
    }

    public override string Name { get; }

    public override IReadOnlyList<string> PeekColumns(Stream content)
    {
        var header = FirstNonBlank(RecordScanner.Delimited(content, _delimiter, MaxRowBytes));
        if (header is null || header.Problem != RecordProblem.None || StrictUtf8.FindInvalidByte(header.Bytes) >= 0) return [];
        return DecodeFields(header);
    }

    public override TextClassificationReader Open(Stream content, ColumnSelection selection, ImportErrors errors) =>
        new DelimitedReader(RecordScanner.Delimited(content, _delimiter, MaxRowBytes), selection, errors);

    internal static ScannedRecord? FirstNonBlank(RecordScanner scanner)
    {
        while (scanner.Next() is { } record)
        {
            if (!record.IsBlank) return record;
        }
        return null;
    }

    internal static List<string> DecodeFields(ScannedRecord record) =>
        record.Fields.Select(field => DecodeField(record, field)).ToList();

    /// <summary>Assumes the record has no problem and is valid UTF-8 (then every field is, as fields split at ASCII bytes).</summary>
    internal static string DecodeField(ScannedRecord record, FieldSpan field)
    {
        var bytes = record.FieldBytes(field);
        if (!field.Quoted) return StrictUtf8.Decode(bytes);
        var inner = StrictUtf8.Decode(bytes[1..^1]);
        return inner.Contains("\"\"", StringComparison.Ordinal) ? inner.Replace("\"\"", "\"", StringComparison.Ordinal) : inner;
    }

    private sealed class DelimitedReader : TextClassificationReader
    {
        private readonly RecordScanner _scanner;
        private readonly ColumnSelection _selection;
        private readonly ImportErrors _errors;
        private readonly List<string> _columns = [];
        private readonly ColumnPositions? _positions;
        private readonly long _headerOrdinal;

        public DelimitedReader(RecordScanner scanner, ColumnSelection selection, ImportErrors errors)
        {
            _scanner = scanner;
            _selection = selection;
            _errors = errors;

            var header = FirstNonBlank(scanner);
            if (header is null)
            {
                errors.AddForFile("The file is empty.");
                return;
            }
            if (DescribeProblem(header) is { } problem)
            {
                errors.AddForFile($"The header row cannot be read: {problem}");
                return;
            }
            var invalid = StrictUtf8.FindInvalidByte(header.Bytes);
            if (invalid >= 0)
            {
                errors.AddForFile($"The header row is not valid UTF-8 (byte offset {header.StartOffset + invalid}). Save the file as UTF-8.");
                return;
            }
            _columns = DecodeFields(header);
            _headerOrdinal = header.Ordinal;
            _positions = selection.Locate(_columns, errors, reportUnknownColumns: true);
        }

        public override IReadOnlyList<string> Columns => _columns;

        public override IEnumerable<LabeledText> Rows(CancellationToken cancellationToken)
        {
            if (_positions is not { } positions) yield break;

            long dataRows = 0;
            while (_scanner.Next() is { } record)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (record.IsBlank) continue;
                dataRows++;
                if (TryRead(record, record.Ordinal - _headerOrdinal, positions) is { } row) yield return row;
            }
            if (dataRows == 0) _errors.AddForFile("The file has a header but no rows.");
        }

        private LabeledText? TryRead(ScannedRecord record, long row, ColumnPositions positions)
        {
            if (DescribeProblem(record) is { } problem)
            {
                _errors.Add(row, "file", problem);
                return null;
            }
            if (record.Fields.Count != _columns.Count)
            {
                var fields = record.Fields.Count == 1 ? "1 field" : $"{record.Fields.Count} fields";
                _errors.Add(row, "file", $"row has {fields}, header has {_columns.Count}.");
                return null;
            }
            var invalid = StrictUtf8.FindInvalidByte(record.Bytes);
            if (invalid >= 0)
            {
                _errors.Add(row, ColumnHolding(record, invalid), $"The row is not valid UTF-8 (byte offset {record.StartOffset + invalid}). Save the file as UTF-8.");
                return null;
            }
            var text = DecodeField(record, record.Fields[positions.Text]);
            var label = DecodeField(record, record.Fields[positions.Label]);
            if (!_selection.CheckNotEmpty(row, text, label, _errors)) return null;
            if (positions.Split < 0) return new LabeledText(text, label);
            return _selection.ReadPart(row, DecodeField(record, record.Fields[positions.Split]), _errors) is { } part
                ? new LabeledText(text, label, part)
                : null;
        }

        private string ColumnHolding(ScannedRecord record, int byteIndex)
        {
            for (var i = 0; i < record.Fields.Count; i++)
            {
                if (byteIndex >= record.Fields[i].Start && byteIndex < record.Fields[i].End) return _columns[i];
            }
            return "file";
        }
    }

    private static string? DescribeProblem(ScannedRecord record) => record.Problem switch
    {
        RecordProblem.UnterminatedQuote =>
            $"The quoted field opened at byte offset {record.ProblemOffset} is never closed (unterminated quote).",
        RecordProblem.TextAfterClosingQuote =>
            $"Unexpected text after a closing quote (byte offset {record.ProblemOffset}); a quote inside a quoted field must be doubled (\"\").",
        RecordProblem.TooLong => $"The row is longer than {MaxRowBytes / (1024 * 1024)} MiB.",
        _ => null,
    };
}
