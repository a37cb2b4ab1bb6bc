using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TuneStudio.Storage;

/// <summary>
/// Writes a version as CSV, TSV or JSON Lines in UTF-8 without a BOM, "\n" after every record, the columns named as
/// the source file named them. CSV/TSV quote a value only when it holds the delimiter, a quote or a line break
/// (RFC 4180), so a file written that way imports and exports back byte for byte. Other columns of the source file,
/// other line endings, a BOM, and JSON spellings such as numeric labels or escaped characters are not kept.
/// </summary>
public static class VersionExport
{
    public static IReadOnlyList<string> Formats { get; } = ["csv", "tsv", "jsonl", "conll"];

    /// <summary>The formats a dataset of <paramref name="task"/> can be exported as: CoNLL only for token classification.</summary>
    public static IReadOnlyList<string> FormatsFor(string task) =>
        task switch
        {
            DatasetTasks.TokenClassification => ["conll", "jsonl"],
            DatasetTasks.ImageClassification => ["zip"],
            _ => ["csv", "tsv", "jsonl"],
        };

    public static string ContentType(string format) => format switch
    {
        "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "zip" => "application/zip",
        _ => "application/x-ndjson; charset=utf-8",
    };

    internal static void Write(IEnumerable<DatasetRow> rows, string task, string textColumn, string labelColumn, string format, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true)
        {
            NewLine = "\n",
        };
        if (task == DatasetTasks.TokenClassification)
        {
            // Tokens and tags were stored joined by single spaces; CoNLL gets a "token tag" line each and a blank line per sentence.
            foreach (var row in rows)
            {
                var tokens = row.Text.Split(' ');
                var tags = row.Label.Split(' ');
                if (format == "jsonl")
                {
                    writer.Write(TokenJsonLine(tokens, tags));
                    continue;
                }
                for (var i = 0; i < tokens.Length; i++) writer.Write($"{tokens[i]} {tags[i]}\n");
                writer.Write('\n');
            }
            return;
        }
        if (format == "jsonl")
        {
            foreach (var row in rows) writer.Write(JsonLine(textColumn, row.Text, labelColumn, row.Label));
            return;
        }

        var delimiter = format == "tsv" ? '\t' : ',';
        writer.Write(Delimited(delimiter, textColumn, labelColumn));
        foreach (var row in rows) writer.Write(Delimited(delimiter, row.Text, row.Label));
    }

    private static string Delimited(char delimiter, string text, string label) =>
        $"{Quoted(text, delimiter)}{delimiter}{Quoted(label, delimiter)}\n";

    private static string Quoted(string value, char delimiter) =>
        value.AsSpan().IndexOfAny(['"', '\n', '\r', delimiter]) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    // Relaxed escaping keeps non-ASCII text readable instead of \uXXXX; the file is still valid JSON.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string TokenJsonLine(string[] tokens, string[] tags)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray(ConllTokensKey);
            foreach (var token in tokens) json.WriteStringValue(token);
            json.WriteEndArray();
            json.WriteStartArray(ConllTagsKey);
            foreach (var tag in tags) json.WriteStringValue(tag);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private const string ConllTokensKey = "tokens";
    private const string ConllTagsKey = "tags";

    private static string JsonLine(string textColumn, string text, string labelColumn, string label)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString(textColumn, text);
            json.WriteString(labelColumn, label);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }
}
