using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Pretrained;

// Two briefly fine-tuned MiniLM checkpoints (a few steps each), one full and one LoRA, shared by the export tests.
public sealed class TrainedMiniLmFixture : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public TrainedMiniLmFixture()
    {
        FullCheckpoint = Train(FineTuneMethod.Full);
        LoraCheckpoint = Train(FineTuneMethod.Lora);
    }

    public string FullCheckpoint { get; }

    public string LoraCheckpoint { get; }

    public const int MaxLength = 16;

    public static readonly string[] Probe = ["Mary", "John", "Alexandria", "Bob"];

    public string NewFolder(string name) => Path.Combine(directory.Path, name + Guid.NewGuid().ToString("N")[..6]);

    private string Train(FineTuneMethod method)
    {
        var (examples, labels) = TestData.FirstNames();
        var config = new TrainingConfig
        {
            Model = MiniLmDefinition.Id, Method = method, LearningRate = method == FineTuneMethod.Lora ? 5e-3 : 5e-5,
            BatchSize = 16, Epochs = 1, MaxSequenceLength = MaxLength, ValidationFraction = 0.25,
        };
        var root = Path.Combine(directory.Path, method.ToString());
        var observer = new RecordingObserver();
        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(48).ToList(), labels, root), observer, CancellationToken.None);
        if (result.Outcome != TrainingOutcome.Completed)
            throw new InvalidOperationException($"Fixture training failed: {result.FailureReason}");
        return observer.Checkpoints.Single().Directory;
    }

    public void Dispose() => directory.Dispose();
}
