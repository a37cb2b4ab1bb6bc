using TorchSharp;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Tests.Models;

public class ByteTokenizerTests
{
    [Fact]
    public void Encodes_CLS_then_each_UTF8_byte_shifted_by_two()
    {
        var ids = new ByteTokenizer().EncodeOne("Aé", maxSequenceLength: 64);

        Assert.Equal(new long[] { 1, 'A' + 2, 0xC3 + 2, 0xA9 + 2 }, ids);
    }

    [Fact]
    public void Truncates_to_the_maximum_length_counting_CLS()
    {
        Assert.Equal(4, new ByteTokenizer().EncodeOne("abcdefgh", maxSequenceLength: 4).Length);
    }

    [Fact]
    public void Pads_a_batch_to_its_longest_text_and_masks_the_padding()
    {
        using var scope = torch.NewDisposeScope();
        var batch = new ByteTokenizer().Encode(["ab", "abcd"], 64, torch.CPU);

        Assert.Equal(new long[] { 2, 5 }, batch.InputIds.shape);
        Assert.Equal(new long[] { 1, 'a' + 2, 'b' + 2, 0, 0 }, batch.InputIds[0].data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, false, false }, batch.AttentionMask[0].data<bool>().ToArray());
    }
}
