using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Models.Bert;

public class WordPieceTokenizerTests
{
    private readonly WordPieceTokenizer tokenizer = new(MiniLmPackage.ReadVocabulary());

    [Fact]
    public void Hello_world_gets_BERTs_known_ids()
    {
        Assert.Equal([101L, 7592L, 2088L, 102L], tokenizer.EncodeOne("Hello World", 16));
        Assert.Equal(30522, tokenizer.VocabularySize);
    }

    [Fact]
    public void Truncation_keeps_CLS_and_SEP()
    {
        var ids = tokenizer.EncodeOne("one two three four five six seven", 5);

        Assert.Equal(5, ids.Length);
        Assert.Equal(101L, ids[0]);
        Assert.Equal(102L, ids[^1]);
    }

    [Fact]
    public void A_batch_is_padded_with_zeros_and_masked()
    {
        using var scope = NewDisposeScope();
        var batch = tokenizer.Encode(["hello", "hello world again"], 16, CPU);

        Assert.Equal([2L, 5L], batch.InputIds.shape);
        Assert.Equal([101L, 7592L, 102L, 0L, 0L], batch.InputIds[0].data<long>().ToArray());
        Assert.Equal([true, true, true, false, false], batch.AttentionMask[0].data<bool>().ToArray());
        Assert.All(batch.AttentionMask[1].data<bool>().ToArray(), Assert.True);
    }
}
