using TuneStudio.Engine.Tasks;

namespace TuneStudio.Engine.Evaluation;

// One evaluation of a checkpoint: its rows (the labels must be the checkpoint's own; the studio maps or refuses
// others before it gets here), scored under no_grad in batches. Perturb, when set, rewrites each row before scoring
// (robustness: one strength of one perturbation); it must be a pure function of the row and its index.
public sealed record EvaluationJob(string CheckpointDirectory, IReadOnlyList<TaskRow> Rows)
{
    public int BatchSize { get; init; } = 32;

    public Func<string, DecodedImage>? ReadImage { get; init; }

    public Func<TaskRow, int, TaskRow>? Perturb { get; init; }
}

// What a task reports for one evaluation; each task fills the parts it has (metrics and examples always).
// Metrics keys carry no "val/" prefix: "loss", "accuracy", "macro_f1", "weighted_f1", "top3_accuracy", "ece", ...
public sealed record EvaluationReport(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<ExamplePrediction> Examples)
{
    public ConfusionMatrix? Confusion { get; init; }

    public IReadOnlyList<ClassScores>? PerClass { get; init; }

    public Calibration? Calibration { get; init; }

    // ROC and precision-recall per class (one-vs-rest; binary: the positive class only), multi-label threshold
    // curves, sentence-embedding recall@k.
    public IReadOnlyList<Curve> Curves { get; init; } = [];

    // Token classification: counts of span errors by kind ("missed", "spurious", "wrong_type", "wrong_boundary").
    public IReadOnlyDictionary<string, int>? SpanErrors { get; init; }
}

// Counts[i][j]: examples whose true label is Labels[i] predicted as Labels[j].
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, long[][] Counts);

public sealed record ClassScores(string Label, double Precision, double Recall, double F1, int Support);

public sealed record Calibration(double ExpectedCalibrationError, IReadOnlyList<CalibrationBin> Bins);

// Confidence in [Lower, Upper); Confidence and Accuracy are the bin's means (0 when Count is 0).
public sealed record CalibrationBin(double Lower, double Upper, int Count, double Confidence, double Accuracy);

// Kind: "roc" (X false-positive rate, Y true-positive rate), "pr" (X recall, Y precision), "threshold" (X threshold,
// Y the metric named by Label), "recall_at_k" (X k, Y recall). Area: the AUC where one is meaningful.
public sealed record Curve(string Kind, string Label, double[] X, double[] Y, double? Area = null);

// One scored row. Index: its position in EvaluationJob.Rows. Confidence: the predicted label's probability (a
// sentence pair: the cosine of the pair). Detail: task-specific text a page shows (token tags "O B-PER ...").
public sealed record ExamplePrediction(int Index, string TrueLabel, string PredictedLabel, double Confidence, double Loss)
{
    public float[]? Probabilities { get; init; }

    public string? Detail { get; init; }

    public bool Correct => TrueLabel == PredictedLabel;
}
