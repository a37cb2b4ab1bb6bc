namespace TuneStudio.Engine.Tasks;

// A validation metric a task reports at each evaluation: its key ("val/accuracy"), how pages title it, and which
// way is better (early stopping, keep-best and the runs page's "best" column read it).
public sealed record TaskMetric(string Key, string Title, MetricMode Mode);

// A chart on the run page: the metric keys drawn together under one title (Smoothing: an EMA for noisy step series).
public sealed record TaskChart(string Title, IReadOnlyList<string> Keys, double? Smoothing = null);

// What pages, the API and validation know of a task without building anything: plain data.
public sealed record TaskDescription
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    // Validation metrics in the order the run log prints them; val/loss first.
    public required IReadOnlyList<TaskMetric> Metrics { get; init; }

    // The metric the runs page shows as "best" and a run's completion message quotes.
    public required string HeadlineMetric { get; init; }

    // Charts of validation metrics; the run page draws them after the common training charts.
    public required IReadOnlyList<TaskChart> Charts { get; init; }

    // Formats GET /api/checkpoints/{id}/export takes for this task's checkpoints ("huggingface", "peft", ...).
    public required IReadOnlyList<string> ExportFormats { get; init; }

    // Why a model that does not fit cannot train the task, for the message that refuses it ("it cannot tag tokens").
    public required string UnfitReason { get; init; }

    // Whether the task learns classes; sentence embeddings learn from pairs and have none.
    public bool HasClasses { get; init; } = true;

    public TaskMetric Headline => Metrics.First(metric => metric.Key == HeadlineMetric);
}
