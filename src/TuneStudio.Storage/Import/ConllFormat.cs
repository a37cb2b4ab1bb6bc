using System.Text;

namespace TuneStudio.Storage.Import;

/// <summary>
/// CoNLL token classification: one token per line with its tag in the last whitespace-separated column (so
/// CoNLL-2003's "token POS chunk NER" lines read too), a blank line between sentences, "-DOCSTART-" lines ignored.
/// Each sentence is one row: its tokens and its tags, each joined by single spaces. Tags must be IOB2 ("O", "B-X",
/// "I-X"), and an I-X must follow a B-X or an I-X. Row numbers count sentences; messages give the file line too.
/// </summary>
internal sealed class ConllFormat : TextClassificationFormat
{
    public static readonly ConllFormat Instance = new();
    public const string TokensColumn = "tokens";
    public const string TagsColumn = "tags";

    public override string Name => "conll";

    public override IReadOnlyList<string> PeekColumns(Stream content) => [TokensColumn, TagsColumn];

    public override TextClassificationReader Open(Stream content, ColumnSelection selection, ImportErrors errors) =>
        new ConllReader(RecordScanner.Lines(content, MaxRowBytes), errors);

    private sealed class ConllReader(RecordScanner scanner, ImportErrors errors) : TextClassificationReader
    {
        private readonly List<string> _tokens = [];
        private readonly List<string> _tags = [];
        private readonly List<long> _lines = [];
        private long _sentence;
        private bool _sentenceClean = true;

        public override IReadOnlyList<string> Columns { get; } = [TokensColumn, TagsColumn];

        public override IEnumerable<LabeledText> Rows(CancellationToken cancellationToken)
        {
            var anyLine = false;
            while (scanner.Next() is { } record)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = Decode(record);
                if (line is null) continue;
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 0 || fields[0] == "-DOCSTART-")
                {
                    if (Flush() is { } row) yield return row;
                    continue;
                }
                anyLine = true;
                if (_tokens.Count == 0) _sentence++;
                if (fields.Length < 2)
                {
                    errors.Add(_sentence, "file", $"Line {record.Ordinal} has a token but no tag.");
                    _sentenceClean = false;
                }
                _tokens.Add(fields[0]);
                _tags.Add(fields[^1]);
                _lines.Add(record.Ordinal);
            }
            if (Flush() is { } last) yield return last;
            if (!anyLine) errors.AddForFile("The file is empty.");
        }

        private string? Decode(ScannedRecord record)
        {
            if (record.Problem == RecordProblem.TooLong)
            {
                errors.Add(Math.Max(_sentence, 1), "file", $"Line {record.Ordinal} is longer than {MaxRowBytes / (1024 * 1024)} MiB.");
                _sentenceClean = false;
                return null;
            }
            var invalid = StrictUtf8.FindInvalidByte(record.Bytes);
            if (invalid < 0) return Encoding.UTF8.GetString(record.Bytes).TrimEnd('\r');
            errors.Add(Math.Max(_sentence, 1), "file", $"Line {record.Ordinal} is not valid UTF-8 (byte offset {record.StartOffset + invalid}). Save the file as UTF-8.");
            _sentenceClean = false;
            return null;
        }

        private LabeledText? Flush()
        {
            if (_tokens.Count == 0) return null;
            // A line without a tag leaves nothing sensible to check the tags against.
            var clean = _sentenceClean && Iob2.Check(_sentence, _tags, i => $"line {_lines[i]}", errors);
            var row = clean ? new LabeledText(string.Join(' ', _tokens), string.Join(' ', _tags)) : (LabeledText?)null;
            _tokens.Clear();
            _tags.Clear();
            _lines.Clear();
            _sentenceClean = true;
            return row;
        }
    }
}

/// <summary>IOB2 tags: "O", "B-TYPE" or "I-TYPE", where an I-TYPE continues a B-TYPE or I-TYPE of the same type.</summary>
internal static class Iob2
{
    public static bool Check(long row, IReadOnlyList<string> tags, Func<int, string> where, ImportErrors errors)
    {
        var clean = true;
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (tag == "O") continue;
            if (tag.Length < 3 || tag[1] != '-' || tag[0] is not ('B' or 'I'))
            {
                errors.Add(row, ConllFormat.TagsColumn, $"'{tag}' at token {i + 1} ({where(i)}) is not an IOB2 tag; use O, B-TYPE or I-TYPE.");
                clean = false;
                continue;
            }
            if (tag[0] == 'B') continue;
            var type = tag[2..];
            var previous = i == 0 ? "the start of the sentence" : $"'{tags[i - 1]}'";
            if (i > 0 && (tags[i - 1] == "B-" + type || tags[i - 1] == "I-" + type)) continue;
            errors.Add(row, ConllFormat.TagsColumn, $"'{tag}' at token {i + 1} ({where(i)}) follows {previous}; an I-{type} must follow B-{type} or I-{type}.");
            clean = false;
        }
        return clean;
    }
}
