using TuneStudio.Engine;
using TuneStudio.Engine.Training;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Training;

public class BatchSizeFinderTests(ITestOutputHelper output)
{
    [Fact]
    public void A_larger_memory_budget_never_gives_a_smaller_batch()
    {
        var config = new TrainingConfig { MaxSequenceLength = 64 };

        var tight = BatchSizeFinder.Find(config, labelCount: 2, memoryBudgetBytes: 64L << 20);
        var roomy = BatchSizeFinder.Find(config, labelCount: 2, memoryBudgetBytes: 1L << 30);

        output.WriteLine($"64 MiB: batch {tight.BatchSize}; 1 GiB: batch {roomy.BatchSize}; {roomy.BytesPerExample / 1024} KiB per example, {roomy.FixedBytes >> 20} MiB fixed");
        Assert.InRange(tight.BatchSize, 1, 4096);
        Assert.True(roomy.BatchSize >= tight.BatchSize);
        Assert.True(roomy.BytesPerExample > 0);
    }
}
