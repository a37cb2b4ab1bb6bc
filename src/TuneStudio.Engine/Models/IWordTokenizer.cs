namespace TuneStudio.Engine.Models;

// A tokenizer that can split one pre-split word into sub-word ids, for token classification, where the data set
// fixes the words and each word's tag goes to its first sub-token. WordPiece models provide it.
public interface IWordTokenizer
{
    long ClassificationTokenId { get; }

    long SeparatorTokenId { get; }

    long PaddingTokenId { get; }

    // The word's sub-word ids, without special tokens; empty when the word normalises to nothing.
    IReadOnlyList<int> EncodeWord(string word);
}
