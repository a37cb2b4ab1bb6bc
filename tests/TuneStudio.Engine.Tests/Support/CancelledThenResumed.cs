using TuneStudio.Engine.Checkpoints;

namespace TuneStudio.Engine.Tests.Support;

// The exact-resume experiment every in-process resume test runs: one text run straight through, and the same run
// cancelled once it logs a step, then resumed from its last checkpoint. Tests compare what the two saw.
public sealed class CancelledThenResumed : IDisposable
{
    private readonly TemporaryDirectory straightRoot = new();
    private readonly TemporaryDirectory interruptedRoot = new();

    private CancelledThenResumed(TrainingConfig config, IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels, long cancelAtStep)
    {
        TextClassificationTrainer.Run(new TrainingJob(config, examples, labels, straightRoot.Path), Straight, CancellationToken.None);

        using var cancellation = new CancellationTokenSource();
        var firstPart = new RecordingObserver(points => { if (points[0].Step == cancelAtStep) cancellation.Cancel(); });
        Cancelled = TextClassificationTrainer.Run(new TrainingJob(config, examples, labels, interruptedRoot.Path), firstPart, cancellation.Token);
        ResumedFrom = CheckpointFiles.List(interruptedRoot.Path)[^1];
        Resumed = TextClassificationTrainer.Resume(new TrainingJob(config, examples, labels, interruptedRoot.Path), ResumedFrom, ResumedPart, CancellationToken.None);
    }

    public static CancelledThenResumed At(long cancelAtStep, TrainingConfig config, IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels) =>
        new(config, examples, labels, cancelAtStep);

    public RecordingObserver Straight { get; } = new();
    public RecordingObserver ResumedPart { get; } = new();
    public TrainingResult Cancelled { get; }
    public TrainingResult Resumed { get; }
    public string ResumedFrom { get; }

    public string StraightFinalCheckpoint => CheckpointFiles.List(straightRoot.Path)[^1];
    public string ResumedFinalCheckpoint => CheckpointFiles.List(interruptedRoot.Path)[^1];

    public bool FinalWeightFilesEqual =>
        File.ReadAllBytes(Path.Combine(StraightFinalCheckpoint, CheckpointFiles.Weights))
            .AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(ResumedFinalCheckpoint, CheckpointFiles.Weights)));

    public static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    public void Dispose()
    {
        straightRoot.Dispose();
        interruptedRoot.Dispose();
    }
}
