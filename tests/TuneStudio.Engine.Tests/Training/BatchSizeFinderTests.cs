using TuneStudio.Engine;
using TuneStudio.Engine.Pretrained;
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

// The finder measures the run's own task: the image recipe's ResNet at the config's image size, the token head.
public class BatchSizeFinderTaskTests(ITestOutputHelper output)
{
    [Fact]
    public void Resnet18_at_a_small_image_size_gets_a_batch()
    {
        var config = new TrainingConfig { Model = "resnet18", Task = TaskNames.ImageClassification, ImageSize = 32, Method = FineTuneMethod.Full };

        var probe = BatchSizeFinder.Find(config, labelCount: 10, memoryBudgetBytes: 2L << 30);

        output.WriteLine($"resnet18 at 32×32: batch {probe.BatchSize}; {probe.BytesPerExample / 1024} KiB per example, {probe.FixedBytes >> 20} MiB fixed");
        Assert.InRange(probe.BatchSize, 1, 4096);
        Assert.True(probe.BytesPerExample > 0);
    }

    [Fact]
    public void A_token_classification_config_is_measured_with_the_token_head()
    {
        var config = new TrainingConfig { Model = MiniLmDefinition.Id, Task = TaskNames.TokenClassification, Method = FineTuneMethod.Lora, MaxSequenceLength = 16 };

        var probe = BatchSizeFinder.Find(config, labelCount: 9, memoryBudgetBytes: 2L << 30);

        output.WriteLine($"MiniLM tagging 16 tokens: batch {probe.BatchSize}; {probe.BytesPerExample / 1024} KiB per example, {probe.FixedBytes >> 20} MiB fixed");
        Assert.InRange(probe.BatchSize, 1, 4096);
        Assert.True(probe.BytesPerExample > 0);
    }
}
