using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

/// <summary>
/// More malformed uploads, beyond <see cref="RejectedImportTests"/>: wrong encodings, truncated files, files of
/// another type under a text extension, huge lines. Each must be refused with its own error and store nothing.
/// </summary>
public class MalformedCorpusTests
{
    private sealed record Malformed(string FileName, byte[] Content, long Row, string Field, string MessagePart);

    private static byte[] Utf16(string text, bool bigEndian) =>
        [.. (bigEndian ? new byte[] { 0xFE, 0xFF } : [0xFF, 0xFE]), .. new UnicodeEncoding(bigEndian, false).GetBytes(text)];

    private static readonly Dictionary<string, Malformed> Corpus = new()
    {
        ["UTF-32 LE BOM"] = new("a.csv", [0xFF, 0xFE, 0x00, 0x00, .. new UTF32Encoding(false, false).GetBytes("text,label\na,x\n")], 0, "file", "UTF-32"),
        ["UTF-32 BE BOM"] = new("a.jsonl", [0x00, 0x00, 0xFE, 0xFF, .. new UTF32Encoding(true, false).GetBytes("{}\n")], 0, "file", "UTF-32"),
        // "text,label\n" is 11 code units: after the 2-byte BOM the lone surrogate is code unit 11, byte 24.
        ["UTF-16 LE lone high surrogate"] = new("a.csv", [.. Utf16("text,label\n", false), 0x00, 0xD8, .. new UnicodeEncoding(false, false).GetBytes("a,x\n")], 0, "file", "byte offset 24"),
        ["UTF-16 BE low surrogate first"] = new("a.csv", [.. Utf16("text,label\n", true), 0xDC, 0x00, .. new UnicodeEncoding(true, false).GetBytes("a,x\n")], 0, "file", "byte offset 24"),
        ["UTF-16 odd last byte"] = new("a.csv", [.. Utf16("text,label\na,x\n", false), 0x41], 0, "file", "not valid UTF-16"),
        ["UTF-16 ragged row"] = new("a.tsv", Utf16("text\tlabel\na\tx\ty\n", false), 1, "file", "row has 3 fields"),
        ["Latin-1 accent"] = new("a.csv", [.. TestFiles.Utf8("text,label\ncaf"), 0xE9, .. TestFiles.Utf8(",x\n")], 1, "text", "byte offset 14"),
        ["Windows-1252 smart quote in JSON"] = new("a.jsonl", [.. TestFiles.Utf8("{\"text\":\""), 0x93, .. TestFiles.Utf8("hi\",\"label\":\"x\"}\n")], 1, "file", "byte offset 9"),
        ["truncated multi-byte character at the end"] = new("a.csv", [.. TestFiles.Utf8("text,label\na,x\nb,"), 0xE2, 0x82], 2, "label", "not valid UTF-8"),
        ["truncated inside a quoted value"] = new("a.csv", TestFiles.Utf8("text,label\na,x\n\"cut off here"), 2, "file", "never closed"),
        ["truncated JSON object"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"lab"), 2, "file", "not valid JSON"),
        ["zip archive named .csv"] = new("a.csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xB7, 0x7A], 0, "file", "not valid UTF-8"),
        ["gzip named .jsonl"] = new("a.jsonl", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, (byte)'\n'], 1, "file", "byte offset 1"),
        ["pretty-printed JSON array"] = new("a.jsonl", TestFiles.Utf8("[\n  {\"text\":\"a\",\"label\":\"x\"}\n]\n"), 1, "file", "not valid JSON"),
        ["JSON object label"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":{\"name\":\"x\"}}\n"), 1, "label", "must be a string or a number"),
        ["JSON null label"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":null}\n"), 1, "label", "must be a string or a number"),
        ["JSON text given twice"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"text\":\"b\",\"label\":\"x\"}\n"), 1, "text", "more than once"),
        ["JSON trailing garbage"] = new("a.jsonl", TestFiles.Utf8("{\"text\":\"a\",\"label\":\"x\"} trailing\n"), 1, "file", "not valid JSON"),
        ["fewer fields in the middle"] = new("a.csv", TestFiles.Utf8("text,label\na,x\nb,y\nc\nd,z\n"), 3, "file", "row has 1 field"),
        ["extra tab in TSV"] = new("a.tsv", TestFiles.Utf8("text\tlabel\na\tx\t\n"), 1, "file", "row has 3 fields"),
        ["BOM and header only"] = new("a.csv", [0xEF, 0xBB, 0xBF, .. TestFiles.Utf8("text,label\n")], 0, "file", "header but no rows"),
        ["no label column"] = new("a.csv", TestFiles.Utf8("text,category\na,x\n"), 0, "file", "no 'label' column"),
        ["plain text file"] = new("notes.txt", TestFiles.Utf8("just some notes\n"), 0, "file", "not a supported file type"),
        ["JSON document extension"] = new("data.json", TestFiles.Utf8("[{\"text\":\"a\",\"label\":\"x\"}]"), 0, "file", "not a supported file type"),
        ["huge CSV line"] = new("a.csv", [.. TestFiles.Utf8("text,label\n"), .. Enumerable.Repeat((byte)'a', 17 * 1024 * 1024), .. TestFiles.Utf8(",x\n")], 1, "file", "longer than"),
        ["huge JSON line"] = new("a.jsonl", [.. TestFiles.Utf8("{\"text\":\""), .. Enumerable.Repeat((byte)'a', 17 * 1024 * 1024), .. TestFiles.Utf8("\",\"label\":\"x\"}\n")], 1, "file", "longer than"),
    };

    public static TheoryData<string> Names() => new(Corpus.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_malformed_file_gets_its_own_error_and_stores_nothing(string name)
    {
        var bad = Corpus[name];
        using var studio = new TemporaryStudio();

        var result = studio.Import(bad.Content, bad.FileName);

        Assert.False(result.Succeeded);
        var error = result.Errors.First();
        Assert.True((bad.Row, bad.Field) == (error.Row, error.Field), $"got row {error.Row}, field {error.Field}: {error.Message}");
        Assert.Contains(bad.MessagePart, error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_UTF16_file_with_its_BOM_imports_like_its_UTF8_twin(bool bigEndian)
    {
        using var studio = new TemporaryStudio();
        const string content = "text,label\n\"é 中文 🎉, naïve\",ラベル\nplain,x\n";

        var utf16 = studio.Import(Utf16(content, bigEndian), "a.csv").Dataset!;
        var utf8 = studio.Import(content, "b.csv").Dataset!;

        Assert.Equal(studio.Datasets.GetVersion(utf8.Id, 1)!.ContentHash, studio.Datasets.GetVersion(utf16.Id, 1)!.ContentHash);
        Assert.Equal(["text", "label"], studio.Datasets.PeekColumns(() => new MemoryStream(Utf16(content, bigEndian)), "a.csv"));
    }
}
