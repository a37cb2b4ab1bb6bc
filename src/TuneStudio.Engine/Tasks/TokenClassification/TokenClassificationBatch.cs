using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.TokenClassification;

// Aligned sentences padded to the batch's longest: ids (padding id), mask (true on real tokens) and labels (-100
// on padding, so the loss ignores it), all int64/bool [batch, length] in the caller's dispose scope.
internal sealed record TokenClassificationBatch(Tensor InputIds, Tensor AttentionMask, Tensor Labels)
{
    public static TokenClassificationBatch Build(IReadOnlyList<AlignedSentence> sentences, long paddingTokenId, Device device)
    {
        var length = sentences.Max(sentence => sentence.InputIds.Length);
        var ids = new long[sentences.Count * length];
        var labels = new long[sentences.Count * length];
        var mask = new bool[sentences.Count * length];
        Array.Fill(ids, paddingTokenId);
        Array.Fill(labels, TokenAlignment.Ignored);
        for (var row = 0; row < sentences.Count; row++)
        {
            var sentence = sentences[row];
            Array.Copy(sentence.InputIds, 0, ids, row * length, sentence.InputIds.Length);
            Array.Copy(sentence.Labels, 0, labels, row * length, sentence.Labels.Length);
            Array.Fill(mask, true, row * length, sentence.InputIds.Length);
        }
        long[] shape = [sentences.Count, length];
        return new TokenClassificationBatch(tensor(ids, shape, device: device), tensor(mask, shape, device: device), tensor(labels, shape, device: device));
    }
}
