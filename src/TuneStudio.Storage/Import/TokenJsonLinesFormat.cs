using System.Text.Json;

namespace TuneStudio.Storage.Import;

/// <summary>
/// Token classification as JSON lines: <c>{"tokens": ["EU", "rejects"], "tags": ["B-ORG", "O"]}</c>, one sentence
/// per line, both arrays of strings and of equal length. Tokens may not hold whitespace (a row stores them joined by
/// spaces, as CoNLL would); tags are checked as IOB2.
/// </summary>
internal sealed class TokenJsonLinesFormat : TextClassificationFormat
{
    public static readonly TokenJsonLinesFormat Instance = new();

    public override string Name => "jsonl";

    public override IReadOnlyList<string> PeekColumns(Stream content) => [ConllFormat.TokensColumn, ConllFormat.TagsColumn];

    public override TextClassificationReader Open(Stream content, ColumnSelection selection, ImportErrors errors) =>
        new Reader(RecordScanner.Lines(content, MaxRowBytes), errors);

    private sealed class Reader(RecordScanner scanner, ImportErrors errors) : TextClassificationReader
    {
        public override IReadOnlyList<string> Columns { get; } = [ConllFormat.TokensColumn, ConllFormat.TagsColumn];

        public override IEnumerable<LabeledText> Rows(CancellationToken cancellationToken)
        {
            var any = false;
            while (scanner.Next() is { } record)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (record.IsBlank || record.Bytes.Trim((byte)'\r').IsEmpty) continue;
                any = true;
                if (Read(record) is { } row) yield return row;
            }
            if (!any) errors.AddForFile("The file is empty.");
        }

        private LabeledText? Read(ScannedRecord record)
        {
            var row = record.Ordinal;
            if (record.Problem == RecordProblem.TooLong)
            {
                errors.Add(row, "file", $"The line is longer than {MaxRowBytes / (1024 * 1024)} MiB.");
                return null;
            }
            var invalid = StrictUtf8.FindInvalidByte(record.Bytes);
            if (invalid >= 0)
            {
                errors.Add(row, "file", $"The line is not valid UTF-8 (byte offset {record.StartOffset + invalid}). Save the file as UTF-8.");
                return null;
            }
            try
            {
                using var document = JsonDocument.Parse(record.Memory);
                var line = document.RootElement;
                if (line.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(row, "file", "The line is not a JSON object.");
                    return null;
                }
                var tokens = Strings(line, ConllFormat.TokensColumn, row);
                var tags = Strings(line, ConllFormat.TagsColumn, row);
                if (tokens is null || tags is null) return null;
                if (tokens.Count == 0 || tokens.Count != tags.Count)
                {
                    errors.Add(row, ConllFormat.TagsColumn, $"The line has {tokens.Count} token(s) and {tags.Count} tag(s); give each token one tag.");
                    return null;
                }
                var spaced = tokens.FindIndex(t => t.Length == 0 || t.Any(char.IsWhiteSpace));
                if (spaced >= 0)
                {
                    errors.Add(row, ConllFormat.TokensColumn, $"Token {spaced + 1} is empty or holds whitespace.");
                    return null;
                }
                return Iob2.Check(row, tags, i => $"tag {i + 1}", errors) ? new LabeledText(string.Join(' ', tokens), string.Join(' ', tags)) : null;
            }
            catch (JsonException)
            {
                errors.Add(row, "file", "The line is not valid JSON.");
                return null;
            }
        }

        private List<string>? Strings(JsonElement line, string key, long row)
        {
            if (line.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array &&
                value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                return value.EnumerateArray().Select(v => v.GetString()!).ToList();
            errors.Add(row, key, $"'{key}' must be an array of strings.");
            return null;
        }
    }
}
