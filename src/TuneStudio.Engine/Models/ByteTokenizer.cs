using System.Text;
using TorchSharp;

namespace TuneStudio.Engine.Models;

// UTF-8 bytes as tokens: language-agnostic and nothing to learn or ship. A batch is padded
// to its longest text, not to the maximum, because short texts (names) would otherwise pay for 64 positions.
public sealed class ByteTokenizer : ITextTokenizer
{
    public const long PadId = 0;
    public const long ClsId = 1;
    private const long ByteOffset = 2;

    public int VocabularySize => 256 + (int)ByteOffset;

    // CLS first, then one id per byte, cut to maxSequenceLength tokens in all.
    public long[] EncodeOne(string text, int maxSequenceLength)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = Math.Min(bytes.Length + 1, maxSequenceLength);
        var ids = new long[length];
        ids[0] = ClsId;
        for (var i = 1; i < length; i++)
            ids[i] = bytes[i - 1] + ByteOffset;
        return ids;
    }

    public TokenBatch Encode(IReadOnlyList<string> texts, int maxSequenceLength, torch.Device device)
    {
        var encoded = texts.Select(text => EncodeOne(text, maxSequenceLength)).ToArray();
        var length = encoded.Max(ids => ids.Length);
        var ids = new long[encoded.Length * length];
        var mask = new bool[encoded.Length * length];
        for (var row = 0; row < encoded.Length; row++)
        {
            Array.Copy(encoded[row], 0, ids, row * length, encoded[row].Length);
            Array.Fill(mask, true, row * length, encoded[row].Length);
        }

        long[] shape = [encoded.Length, length];
        return new TokenBatch(
            torch.tensor(ids, shape, device: device),
            torch.tensor(mask, shape, device: device));
    }
}
