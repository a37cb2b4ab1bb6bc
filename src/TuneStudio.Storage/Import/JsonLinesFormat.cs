using System.Text.Json;

namespace TuneStudio.Storage.Import;

/// <summary>
/// JSON lines (.jsonl, .ndjson): one JSON object per non-blank line. There is no header: the first object's keys
/// stand for the file's columns. The label may be a JSON number, kept exactly as written ("3", "1.5").
/// </summary>
internal sealed class JsonLinesFormat : TextClassificationFormat
{
    public static readonly JsonLinesFormat Instance = new();

    private JsonLinesFormat()
    {
    }

    public override string Name => "jsonl";

    public override IReadOnlyList<string> PeekColumns(Stream content)
    {
        var first = FirstNonBlank(RecordScanner.Lines(content, MaxRowBytes));
        if (first is null || first.Problem != RecordProblem.None || StrictUtf8.FindInvalidByte(first.Bytes) >= 0) return [];
        try
        {
            using var document = JsonDocument.Parse(first.Memory);
            return KeysOf(document.RootElement);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public override TextClassificationReader Open(Stream content, ColumnSelection selection, ImportErrors errors) =>
        new JsonLinesReader(RecordScanner.Lines(content, MaxRowBytes), selection, errors);

    private static ScannedRecord? FirstNonBlank(RecordScanner scanner)
    {
        while (scanner.Next() is { } record)
        {
            if (!IsBlank(record)) return record;
        }
        return null;
    }

    private static bool IsBlank(ScannedRecord record) =>
        record.Problem == RecordProblem.None && record.Bytes.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    private static List<string> KeysOf(JsonElement element) => element.ValueKind == JsonValueKind.Object
        ? element.EnumerateObject().Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList()
        : [];

    private sealed class JsonLinesReader : TextClassificationReader
    {
        private readonly RecordScanner _scanner;
        private readonly ColumnSelection _selection;
        private readonly ImportErrors _errors;
        private readonly List<string> _columns = [];
        private readonly bool _columnsUsable;
        private readonly LabeledText? _firstRow;

        public JsonLinesReader(RecordScanner scanner, ColumnSelection selection, ImportErrors errors)
        {
            _scanner = scanner;
            _selection = selection;
            _errors = errors;

            var first = FirstNonBlank(scanner);
            if (first is null)
            {
                errors.AddForFile("The file is empty.");
                return;
            }

            // The first line is both the file's "header" (its keys) and its first row.
            using var document = Parse(first);
            if (document is not null && document.RootElement.ValueKind == JsonValueKind.Object)
            {
                _columns = KeysOf(document.RootElement);
                if (selection.Locate(_columns, errors, reportUnknownColumns: false) is null) return;
            }
            _columnsUsable = true;
            if (document is not null) _firstRow = TryRead(document.RootElement, first.Ordinal);
        }

        public override IReadOnlyList<string> Columns => _columns;

        public override IEnumerable<LabeledText> Rows(CancellationToken cancellationToken)
        {
            if (!_columnsUsable) yield break;
            if (_firstRow is { } firstRow) yield return firstRow;

            while (_scanner.Next() is { } record)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsBlank(record)) continue;
                using var document = Parse(record);
                if (document is not null && TryRead(document.RootElement, record.Ordinal) is { } row) yield return row;
            }
        }

        /// <summary>The line's JSON, or null (with the problem reported) when it cannot be read.</summary>
        private JsonDocument? Parse(ScannedRecord record)
        {
            var row = record.Ordinal;
            if (record.Problem == RecordProblem.TooLong)
            {
                _errors.Add(row, "file", $"The line is longer than {MaxRowBytes / (1024 * 1024)} MiB.");
                return null;
            }
            var invalid = StrictUtf8.FindInvalidByte(record.Bytes);
            if (invalid >= 0)
            {
                _errors.Add(row, "file", $"The line is not valid UTF-8 (byte offset {record.StartOffset + invalid}). Save the file as UTF-8.");
                return null;
            }
            try
            {
                // Parse keeps a reference to the scanner's buffer: the document must be disposed before the next line.
                return JsonDocument.Parse(record.Memory);
            }
            catch (JsonException exception)
            {
                var position = exception.BytePositionInLine is { } at ? $" (at byte {at} of the line)" : "";
                _errors.Add(row, "file", $"The line is not valid JSON{position}.");
                return null;
            }
        }

        private LabeledText? TryRead(JsonElement line, long row)
        {
            if (line.ValueKind != JsonValueKind.Object)
            {
                _errors.Add(row, "file", $"The line is {Describe(line.ValueKind)}, not a JSON object.");
                return null;
            }

            string? text = null, label = null, split = null;
            bool textSeen = false, labelSeen = false, splitSeen = false, clean = true;
            foreach (var property in line.EnumerateObject())
            {
                if (property.Name == _selection.TextColumn)
                {
                    clean &= TakeOnce(ref textSeen, property.Name, row);
                    text = ReadValue(property, row, numberAllowed: false) ?? text;
                }
                else if (property.Name == _selection.LabelColumn)
                {
                    clean &= TakeOnce(ref labelSeen, property.Name, row);
                    label = ReadValue(property, row, numberAllowed: true) ?? label;
                }
                else if (property.Name == _selection.SplitColumn)
                {
                    clean &= TakeOnce(ref splitSeen, property.Name, row);
                    split = ReadValue(property, row, numberAllowed: false) ?? split;
                }
                else if (_selection.IsUnknown(property.Name))
                {
                    _selection.ReportUnknown(row, property.Name, _errors);
                    clean = false;
                }
            }

            if (!textSeen) _errors.Add(row, _selection.TextColumn, $"The '{_selection.TextColumn}' key is missing.");
            if (!labelSeen) _errors.Add(row, _selection.LabelColumn, $"The '{_selection.LabelColumn}' key is missing.");
            if (!clean || text is null || label is null) return null;
            if (!_selection.CheckNotEmpty(row, text, label, _errors)) return null;
            if (!splitSeen) return new LabeledText(text, label);
            return split is not null && _selection.ReadPart(row, split, _errors) is { } part ? new LabeledText(text, label, part) : null;
        }

        private bool TakeOnce(ref bool seen, string key, long row)
        {
            if (!seen)
            {
                seen = true;
                return true;
            }
            _errors.Add(row, key, $"The '{key}' key appears more than once.");
            return false;
        }

        private string? ReadValue(JsonProperty property, long row, bool numberAllowed)
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Number && numberAllowed) return value.GetRawText();
            if (value.ValueKind != JsonValueKind.String)
            {
                var expected = numberAllowed ? "a string or a number" : "a string";
                _errors.Add(row, property.Name, $"'{property.Name}' must be {expected}, not {Describe(value.ValueKind)}.");
                return null;
            }
            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\ud800") is valid JSON but not text we could store exactly.
                _errors.Add(row, property.Name, $"'{property.Name}' is not valid Unicode text.");
                return null;
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
