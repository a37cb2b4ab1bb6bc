namespace TuneStudio.Engine.Tasks;

// The validation metrics every single-label classifier reports (ClassificationEvaluation computes them), shared by
// the text and image tasks and extended by token classification.
public static class ClassificationTaskMetrics
{
    public const string Loss = "val/loss", Accuracy = "val/accuracy", MacroF1 = "val/macro_f1";

    public static IReadOnlyList<TaskMetric> Reported { get; } =
    [
        new(Loss, "Validation loss", MetricMode.Min),
        new(Accuracy, "Accuracy", MetricMode.Max),
        new(MacroF1, "Macro-F1", MetricMode.Max),
    ];

    public static IReadOnlyList<TaskChart> Charts { get; } =
    [
        new("Validation loss", [Loss]),
        new("Validation accuracy and macro-F1", [Accuracy, MacroF1]),
    ];
}
