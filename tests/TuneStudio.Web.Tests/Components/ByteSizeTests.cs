using TuneStudio.Engine;

namespace TuneStudio.Web.Tests.Components;

// One set of units on every page and in every message: binary KiB/MiB/GiB with one decimal.
public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 bytes")]
    [InlineData(1023L, "1,023 bytes")]
    [InlineData(1024L, "1.0 KiB")]
    [InlineData(1536L, "1.5 KiB")]                       // 1.5 × 1024
    [InlineData(3L * 1024 * 1024 / 2, "1.5 MiB")]       // 1,572,864
    [InlineData(512L * 1024 * 1024, "512.0 MiB")]        // the default upload cap
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GiB")]
    public void A_size_is_written_in_the_largest_binary_unit_it_fills(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));

    [Fact]
    public void A_message_quoting_several_sizes_writes_them_in_one_unit() =>
        Assert.Equal("0.3 MiB", ByteSize.Format(320 * 1024, ByteUnit.MiB)); // 320 KiB = 0.3125 MiB
}
