using TuneStudio.Engine;
using TuneStudio.Engine.Tests.Support;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Training;

// Its own class: it reads the whole process's memory, so nothing else should be training meanwhile.
public class TrainingMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Memory_stays_flat_over_2000_steps()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        // 100 examples, 80 of them for training one at a time: 80 steps an epoch, 2,000 steps in 25 epochs.
        var config = new TrainingConfig { BatchSize = 1, Epochs = 25, MaxSequenceLength = 8, Seed = 4 };
        var rss = new Dictionary<long, long>();
        var observer = new RecordingObserver(points =>
        {
            var step = points[0].Step;
            if (points[0].Key == "train/loss" && step is 200 or 2000)
                rss[step] = ResidentBytesAfterCollecting();
        });

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(100).ToList(), labels, directory.Path), observer, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(2000, result.Steps);
        output.WriteLine($"RSS after 200 steps: {rss[200] / 1e6:F1} MB, after 2000: {rss[2000] / 1e6:F1} MB");
        Assert.InRange(rss[2000], 0, rss[200] * 1.10);
    }

    private static long ResidentBytesAfterCollecting()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
