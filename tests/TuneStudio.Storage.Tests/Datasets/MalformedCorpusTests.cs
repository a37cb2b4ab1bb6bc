using System.Text;
using TuneStudio.Storage.Tests.Datasets.Images;

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

    /// <summary>Image uploads, each a list of posted files, and the entry the error must name.</summary>
    private sealed record MalformedImages(ImageUpload[] Files, string MessagePart);

    private static ImageUpload[] FashionSliceWith(string fileName, Func<byte[], byte[]> change) =>
        TestImages.FashionSliceFiles
            .Select(f => TestImages.Upload(f, f == fileName ? TestImages.Gzip(change(TestImages.Gunzip(TestImages.FashionSlice(f)))) : TestImages.FashionSlice(f)))
            .ToArray();

    private static ImageUpload[] ClassZip(params (string Name, byte[] Content)[] entries) => [TestImages.Upload("images.zip", TestImages.Zip(entries))];

    private static readonly Dictionary<string, MalformedImages> ImageCorpus = new()
    {
        ["truncated PNG"] = new(ClassZip(("cat/ok.png", TestImages.Png()), ("cat/cut.png", TestImages.Png(64, 64)[..60])), "'cat/cut.png' is corrupt"),
        ["corrupt JPEG"] = new(ClassZip(("dog/bad.jpg", [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[200]])), "'dog/bad.jpg' is corrupt"),
        ["GIF, an unsupported format"] = new(ClassZip(("cat/a.gif", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0])), "'cat/a.gif' is not a PNG or JPEG"),
        ["grey with alpha, a wrong channel count"] = new(ClassZip(("cat/a.png", TestImages.Png(channels: 2))), "'cat/a.png' has 2 channel(s)"),
        ["image over the size limit"] = new(ClassZip(("cat/wide.png", TestImages.Png(4097, 1, channels: 1))), "'cat/wide.png' is 4097×1"),
        ["zip path traversal"] = new(ClassZip(("cat/ok.png", TestImages.Png()), ("../cat/evil.png", TestImages.Png())), "'../cat/evil.png', a path outside"),
        ["zip absolute path"] = new(ClassZip(("/etc/cat/evil.png", TestImages.Png())), "'/etc/cat/evil.png', a path outside"),
        ["zip bomb"] = new(ClassZip(("cat/bomb.png", new byte[8 * 1024 * 1024])), "'cat/bomb.png' expands"),
        // The archive reader stops at the declared size, so a forged header yields a truncated image, never a bigger one.
        ["zip entry larger than its declared size"] = new(
            [TestImages.Upload("images.zip", DeclareSize(TestImages.Zip(("cat/big.png", TestImages.Png(64, 64))), 100))], "'cat/big.png' is corrupt or truncated"),
        ["image without a class folder"] = new(ClassZip(("cat/ok.png", TestImages.Png()), ("loose.png", TestImages.Png())), "'loose.png' is not inside a class folder"),
        ["wrong IDX magic"] = new(FashionSliceWith("train-labels-idx1-ubyte.gz", b => [0, 0, 8, 3, .. b[4..]]), "'train-labels-idx1-ubyte.gz' does not start with the IDX labels magic"),
        ["IDX counts that disagree"] = new(FashionSliceWith("t10k-labels-idx1-ubyte.gz", b => [0, 0, 8, 1, 0, 0, 0, 9, .. b[8..^1]]), "'t10k-images-idx3-ubyte.gz' holds 10 images but 't10k-labels-idx1-ubyte.gz' holds 9"),
        ["truncated IDX images"] = new(FashionSliceWith("train-images-idx3-ubyte.gz", b => b[..^100]), "'train-images-idx3-ubyte.gz' ends after 39 of its 40 images"),
        ["IDX labels without images"] = new(TestImages.FashionSliceFiles.Skip(1).Select(f => TestImages.Upload(f, TestImages.FashionSlice(f))).ToArray(), "'train-labels-idx1-ubyte.gz' has no matching images file"),
    };

    /// <summary>Forges the one entry's uncompressed size in its local and central headers, as a zip bomb would.</summary>
    private static byte[] DeclareSize(byte[] zip, uint size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (zip[i] != 0x50 || zip[i + 1] != 0x4B) continue;
            if (zip[i + 2] == 3 && zip[i + 3] == 4) BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            if (zip[i + 2] == 1 && zip[i + 3] == 2) BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
        }
        return zip;
    }

    public static TheoryData<string> ImageNames() => new(ImageCorpus.Keys);

    [Theory]
    [MemberData(nameof(ImageNames))]
    public void A_malformed_image_upload_names_the_entry_and_stores_nothing(string name)
    {
        var bad = ImageCorpus[name];
        using var studio = new TemporaryStudio();

        var result = studio.Datasets.ImportImages(bad.Files, "images");

        Assert.False(result.Succeeded);
        var error = result.Errors.First();
        Assert.Equal("file", error.Field);
        Assert.Contains(bad.MessagePart, error.Message);
        Assert.True(studio.HoldsNoDatasetContent());
        Assert.Equal(0, studio.Datasets.Images.Count());
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
