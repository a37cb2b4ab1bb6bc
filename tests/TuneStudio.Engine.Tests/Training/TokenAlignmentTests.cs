using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public class TokenAlignmentTests
{
    private const long Cls = 101, Sep = 102, X = TokenAlignment.Ignored;

    [Fact]
    public void First_sub_token_of_each_word_carries_its_tag_and_the_rest_are_ignored()
    {
        int[][] pieces = [[5], [6, 7, 8], [9]];

        var aligned = TokenAlignment.Align(pieces, [1, 2, 0], maxSequenceLength: 16, Cls, Sep);

        Assert.Equal([Cls, 5, 6, 7, 8, 9, Sep], aligned.InputIds);
        Assert.Equal([X, 1, 2, X, X, 0, X], aligned.Labels);
        Assert.Equal([1, 2, 5], aligned.FirstTokenOfWord);
    }

    [Fact]
    public void Truncation_keeps_sep_and_words_cut_off_have_no_first_token()
    {
        int[][] pieces = [[5], [6, 7, 8], [9]];

        var aligned = TokenAlignment.Align(pieces, [1, 2, 0], maxSequenceLength: 4, Cls, Sep);

        Assert.Equal([Cls, 5, 6, Sep], aligned.InputIds);
        Assert.Equal([X, 1, 2, X], aligned.Labels);
        Assert.Equal([1, 2, -1], aligned.FirstTokenOfWord);
    }

    [Fact]
    public void A_word_with_no_sub_tokens_gets_no_position()
    {
        int[][] pieces = [[5], [], [9]];

        var aligned = TokenAlignment.Align(pieces, [1, 2, 0], maxSequenceLength: 16, Cls, Sep);

        Assert.Equal([Cls, 5, 9, Sep], aligned.InputIds);
        Assert.Equal([1, -1, 2], aligned.FirstTokenOfWord);
    }

    [Fact]
    public void MiniLM_wordpiece_splits_a_word_into_pieces_and_only_its_first_piece_is_tagged()
    {
        var tokenizer = (WordPieceTokenizer)new MiniLmDefinition().CreateTokenizer();
        string[] words = ["Peter", "1996-08-22", "rejects"];
        var pieces = words.Select(tokenizer.EncodeWord).ToList();

        var aligned = TokenAlignment.Align(pieces, [3, 4, 0], 32, tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId);

        Assert.True(pieces[1].Count > 1, "a date is more than one WordPiece");
        Assert.Equal(2 + pieces.Sum(p => p.Count), aligned.InputIds.Length);
        Assert.Equal(3, aligned.Labels[aligned.FirstTokenOfWord[0]]);
        Assert.Equal(4, aligned.Labels[aligned.FirstTokenOfWord[1]]);
        Assert.All(Enumerable.Range(aligned.FirstTokenOfWord[1] + 1, pieces[1].Count - 1), position => Assert.Equal(X, aligned.Labels[position]));
        Assert.Equal(pieces.Sum(p => p.Count) - 3, aligned.Labels.Count(label => label == X) - 2);
    }
}
