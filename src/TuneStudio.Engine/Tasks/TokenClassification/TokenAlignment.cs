namespace TuneStudio.Engine.Tasks.TokenClassification;

// One sentence as token ids with a label per token. FirstTokenOfWord[i] is where word i's first sub-token sits,
// or -1 when truncation cut it off (or the word had no sub-tokens).
public sealed record AlignedSentence(long[] InputIds, long[] Labels, int[] FirstTokenOfWord);

// Word-to-sub-token alignment as Hugging Face's token-classification examples do it (label_all_tokens=False): the
// first sub-token of each word carries the word's tag, its other sub-tokens and [CLS]/[SEP] get -100, which the
// loss ignores. Sentences longer than the limit are cut before [SEP], so the words at the end lose their tags.
public static class TokenAlignment
{
    public const long Ignored = -100;

    public static AlignedSentence Align(IReadOnlyList<IReadOnlyList<int>> wordPieces, IReadOnlyList<int> tags, int maxSequenceLength,
        long classificationTokenId, long separatorTokenId)
    {
        if (wordPieces.Count != tags.Count)
            throw new ArgumentException($"{wordPieces.Count} words but {tags.Count} tags.", nameof(tags));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 2);

        var ids = new List<long> { classificationTokenId };
        var labels = new List<long> { Ignored };
        var firstTokens = new int[wordPieces.Count];
        var room = maxSequenceLength - 1; // the last place is [SEP]'s
        for (var word = 0; word < wordPieces.Count; word++)
        {
            firstTokens[word] = -1;
            for (var piece = 0; piece < wordPieces[word].Count && ids.Count < room; piece++)
            {
                if (piece == 0) firstTokens[word] = ids.Count;
                ids.Add(wordPieces[word][piece]);
                labels.Add(piece == 0 ? tags[word] : Ignored);
            }
        }
        ids.Add(separatorTokenId);
        labels.Add(Ignored);
        return new AlignedSentence([.. ids], [.. labels], firstTokens);
    }
}
