using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Training;

public sealed class SharedRandomGeneratorTests
{
    // Dropout on, so every step draws from torch's process-wide generator.
    private static readonly TrainingConfig Run = new()
    {
        Method = FineTuneMethod.Full, Epochs = 2, BatchSize = 16, MaxSequenceLength = 16, Seed = 5, DropoutOverride = 0.2,
    };

    [Fact]
    public void Plans_described_while_a_run_trains_leave_its_losses_bit_identical()
    {
        var (examples, labels) = TestData.FirstNames();
        var subset = examples.Take(320).ToList();
        IReadOnlyList<double> Losses(bool describeAlongside)
        {
            using var directory = new TemporaryDirectory();
            var observer = new RecordingObserver();
            using var stop = new CancellationTokenSource();
            // A user opening the run dialog again and again while the run trains.
            var previews = describeAlongside
                ? Task.Run(() =>
                {
                    while (!stop.IsCancellationRequested)
                        FineTunePlan.Describe(Run with { Method = FineTuneMethod.Lora }, labels, trainExamples: 100);
                })
                : Task.CompletedTask;
            var result = TextClassificationTrainer.Run(new TrainingJob(Run, subset, labels, directory.Path), observer, CancellationToken.None);
            stop.Cancel();
            previews.Wait();
            Assert.Equal(TrainingOutcome.Completed, result.Outcome);
            return observer.Values("train/loss");
        }

        var alone = Losses(describeAlongside: false);
        var watched = Losses(describeAlongside: true);

        Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), watched.Select(BitConverter.DoubleToInt64Bits));
    }
}
