namespace TuneStudio.Storage;

/// <summary>
/// One evaluation of a checkpoint on a dataset version's split, as stored. The report's parts a task has (confusion
/// matrix, per-class scores, calibration, curves, span errors, robustness points) are kept as one JSON document in
/// <see cref="ReportJson"/>: the studio shapes them, the store only keeps them. Its examples live in their own
/// collection (<see cref="EvaluationStore.ReadExamples"/>), written before the record turns completed.
/// </summary>
public sealed class EvaluationRecord
{
    public string Id { get; set; } = "";
    public string RunId { get; set; } = "";
    public string CheckpointId { get; set; } = "";
    public string CheckpointName { get; set; } = "";
    public string DatasetId { get; set; } = "";
    public int DatasetVersion { get; set; }
    // "validation", "test" or "all".
    public string Split { get; set; } = "";
    public string Status { get; set; } = EvaluationStatus.Queued;
    // 0..1 while running.
    public double Progress { get; set; }
    // "manual", or "run-end" for the ones the studio queues when a run completes.
    public string Trigger { get; set; } = "manual";
    public string RequestedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? Message { get; set; }
    public int Examples { get; set; }
    // Metric names without the "val/" prefix; LiteDB keys ignore case, so names must differ by more than case.
    public Dictionary<string, double> Metrics { get; set; } = new();
    public string? PerturbationKind { get; set; }
    public List<double>? PerturbationStrengths { get; set; }
    public string ReportJson { get; set; } = "{}";
}

/// <summary>queued → running → completed, failed or cancelled; "interrupted" when the studio stopped mid-evaluation.</summary>
public static class EvaluationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled or Interrupted;
}

/// <summary>
/// One scored row of an evaluation. <see cref="Row"/>: the row's 0-based position in the dataset version (pages add 1).
/// <see cref="Text"/> is the row's text (an image reference for images) so the error browser can search and show it.
/// </summary>
public sealed class EvaluationExample
{
    public int Id { get; set; }
    public int Row { get; set; }
    public string Text { get; set; } = "";
    public string TrueLabel { get; set; } = "";
    public string PredictedLabel { get; set; } = "";
    public bool Correct { get; set; }
    public double Confidence { get; set; }
    public double Loss { get; set; }
    public float[]? Probabilities { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A page of an evaluation's examples; <see cref="Total"/> counts every match of the filter.</summary>
public sealed record EvaluationExamplePage(int Total, IReadOnlyList<EvaluationExample> Items);

/// <summary>What the error browser asks for. Sort: "loss", "confidence" or "row".</summary>
public sealed record EvaluationExampleQuery(int Skip = 0, int Take = 50, string Sort = "loss", bool Descending = true,
    string? TrueLabel = null, string? PredictedLabel = null, bool? Correct = null, string? Search = null);
