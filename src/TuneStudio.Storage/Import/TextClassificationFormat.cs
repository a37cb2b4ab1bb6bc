namespace TuneStudio.Storage.Import;

/// <summary>A file format a text-classification dataset can be uploaded in, chosen by the file's extension.</summary>
internal abstract class TextClassificationFormat
{
    /// <summary>No row may be longer than this: it bounds memory on malformed files (an unclosed quote swallows the rest).</summary>
    public const int MaxRowBytes = 4 * 1024 * 1024;

    public const string SupportedExtensions = ".csv, .tsv, .jsonl or .ndjson";

    /// <summary>The short name stored with a version: "csv", "tsv" or "jsonl".</summary>
    public abstract string Name { get; }

    public static TextClassificationFormat? ForFileName(string fileName, string task = DatasetTasks.TextClassification) =>
        task == DatasetTasks.TokenClassification
            ? Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
            {
                ".conll" => ConllFormat.Instance,
                ".jsonl" or ".ndjson" => TokenJsonLinesFormat.Instance,
                _ => null,
            }
            : Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
        {
            ".csv" => DelimitedFormat.Csv,
            ".tsv" => DelimitedFormat.Tsv,
            ".jsonl" or ".ndjson" => JsonLinesFormat.Instance,
            _ => null,
        };

    /// <summary>The file's column names, read from its first record only; empty when there is no readable one.</summary>
    public abstract IReadOnlyList<string> PeekColumns(Stream content);

    /// <summary>Reads the header (reporting problems with it) and returns a reader for the rows.</summary>
    public abstract TextClassificationReader Open(Stream content, ColumnSelection selection, ImportErrors errors);
}

/// <summary>One pass over an uploaded file.</summary>
internal abstract class TextClassificationReader
{
    /// <summary>The file's columns; empty when they could not be read.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The clean rows in file order. Rows with problems are reported to the errors given to
    /// <see cref="TextClassificationFormat.Open"/> and skipped, so a pass can count every problem in the file.
    /// </summary>
    public abstract IEnumerable<LabeledText> Rows(CancellationToken cancellationToken);
}
