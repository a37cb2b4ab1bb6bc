using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

// One LoRA fine-tuning of MiniLM on the WordNet word → gloss pairs, shared by the tests that read its outcome, with
// the untuned encoder's validation scores measured first by the same task code.
public sealed class SentenceEmbeddingRunFixture : IDisposable
{
    public static readonly TrainingConfig Config = new()
    {
        Model = MiniLmDefinition.Id, Method = FineTuneMethod.Lora, LearningRate = 1e-3, BatchSize = 32, Epochs = 5, Seed = 17,
        WarmupSteps = 0, Schedule = ScheduleKind.Constant, MaxSequenceLength = 32,
        Lora = new LoraOptions { Rank = 8, Alpha = 16, TargetModules = ["query", "value"] },
        Checkpoints = new CheckpointOptions { EachEpoch = false, KeepLast = 1 },
    };

    private readonly TemporaryDirectory root = new();

    public SentenceEmbeddingRunFixture()
    {
        var (train, validation) = WordNetPairs.Split();
        Validation = validation;
        var job = new SentenceEmbeddingJob(Config, train, Path.Combine(root.Path, "run")) { ValidationExamples = validation };
        TorchRuntime.Configure();
        manual_seed(Config.Seed);
        using (var untuned = new SentenceEmbeddingTask(job, CPU, initialWeights: null))
            Untuned = untuned.Evaluate(validation);
        Result = SentenceEmbeddingTrainer.Run(job, Observer, CancellationToken.None);
        Checkpoint = Result.Outcome == TrainingOutcome.Completed ? CheckpointFiles.List(job.CheckpointRoot)[^1] : "";
    }

    public IReadOnlyList<PairExample> Validation { get; }

    public Dictionary<string, double> Untuned { get; }

    public RecordingObserver Observer { get; } = new();

    public TrainingResult Result { get; }

    public string Checkpoint { get; }

    public string NewFolder(string name) => Path.Combine(root.Path, name);

    public void Dispose() => root.Dispose();
}

// The fine-tuning run is the slowest part of these tests: the classes that read it share one.
[CollectionDefinition(Name)]
public sealed class SentenceEmbeddingRunCollection : ICollectionFixture<SentenceEmbeddingRunFixture>
{
    public const string Name = "sentence-embedding run";
}
