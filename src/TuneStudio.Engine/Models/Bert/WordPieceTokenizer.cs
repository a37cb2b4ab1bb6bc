using Microsoft.ML.Tokenizers;
using TorchSharp;

namespace TuneStudio.Engine.Models.Bert;

// BERT's WordPiece (Microsoft.ML.Tokenizers' BertTokenizer over the model's own vocab.txt) as the engine's
// ITextTokenizer: [CLS] tokens [SEP], cut to the maximum length (keeping [SEP]), padded to the batch's longest.
public sealed class WordPieceTokenizer : ITextTokenizer, IWordTokenizer
{
    private readonly BertTokenizer tokenizer;

    public WordPieceTokenizer(byte[] vocabulary, bool lowerCase = true)
    {
        using var stream = new MemoryStream(vocabulary, writable: false);
        tokenizer = BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowerCase });
        VocabularySize = CountLines(vocabulary);
        Vocabulary = vocabulary;
    }

    public byte[] Vocabulary { get; }

    public int VocabularySize { get; }

    public long ClassificationTokenId => tokenizer.ClassificationTokenId;

    public long SeparatorTokenId => tokenizer.SeparatorTokenId;

    public long PaddingTokenId => tokenizer.PaddingTokenId;

    public IReadOnlyList<int> EncodeWord(string word) =>
        tokenizer.EncodeToIds(word, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);

    public long[] EncodeOne(string text, int maxSequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 2);
        var pieces = tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        var kept = Math.Min(pieces.Count, maxSequenceLength - 2);
        var ids = new long[kept + 2];
        ids[0] = tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++) ids[i + 1] = pieces[i];
        ids[^1] = tokenizer.SeparatorTokenId;
        return ids;
    }

    public TokenBatch Encode(IReadOnlyList<string> texts, int maxSequenceLength, torch.Device device)
    {
        var encoded = texts.Select(text => EncodeOne(text, maxSequenceLength)).ToArray();
        var length = encoded.Max(ids => ids.Length);
        var ids = new long[encoded.Length * length];
        Array.Fill(ids, tokenizer.PaddingTokenId);
        var mask = new bool[encoded.Length * length];
        for (var row = 0; row < encoded.Length; row++)
        {
            Array.Copy(encoded[row], 0, ids, row * length, encoded[row].Length);
            Array.Fill(mask, true, row * length, encoded[row].Length);
        }

        long[] shape = [encoded.Length, length];
        return new TokenBatch(torch.tensor(ids, shape, device: device), torch.tensor(mask, shape, device: device));
    }

    private static int CountLines(byte[] text)
    {
        var lines = text.Count(b => b == (byte)'\n');
        return text.Length > 0 && text[^1] != (byte)'\n' ? lines + 1 : lines;
    }
}
