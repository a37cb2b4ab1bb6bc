using TuneStudio.Engine;

namespace TuneStudio.Engine.Tests.Support;

public sealed class RecordingObserver(Action<IReadOnlyList<MetricPoint>>? onMetrics = null) : ITrainingObserver
{
    public List<MetricPoint> Points { get; } = [];
    public List<CheckpointInfo> Checkpoints { get; } = [];
    public List<string> Messages { get; } = [];

    public IReadOnlyList<double> Values(string key) => Points.Where(point => point.Key == key).Select(point => point.Value).ToList();

    public void OnMetrics(IReadOnlyList<MetricPoint> points)
    {
        Points.AddRange(points);
        onMetrics?.Invoke(points);
    }

    public void OnCheckpoint(CheckpointInfo checkpoint) => Checkpoints.Add(checkpoint);

    public (int Train, int Validation)? Examples { get; private set; }

    public void OnExamples(int train, int validation) => Examples = (train, validation);

    public void OnMessage(string message) => Messages.Add(message);
}
