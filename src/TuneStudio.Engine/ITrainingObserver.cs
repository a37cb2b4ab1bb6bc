namespace TuneStudio.Engine;

public interface ITrainingObserver
{
    // Called on the training thread: implementations must be quick and never block.
    void OnMetrics(IReadOnlyList<MetricPoint> points);

    void OnCheckpoint(CheckpointInfo checkpoint);

    // Once, before the first step: how many examples train and validate (what the run page and API report as used).
    // Observers that only watch metrics need not care.
    void OnExamples(int train, int validation) { }

    // Once, right after OnExamples, when validation was held out of the job's train rows: their positions in those
    // rows, ascending, so that an evaluation can later score exactly the rows the run validated on.
    void OnValidationRows(IReadOnlyList<int> heldOutTrainRows) { }

    // Human-readable progress, e.g. "Training on cpu: 12,345 of 98,765 parameters trainable".
    void OnMessage(string message);
}
