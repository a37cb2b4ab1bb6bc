using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Engine.Evaluation;

namespace TuneStudio.Web.Evaluations;

// The parts of a report besides its metrics and examples, as the API shows them (camelCase; counts[i][j] = true
// label i predicted as j), stored as one document with the evaluation.
public static class EvaluationReportJson
{
    // Curves are drawn, not recomputed: 200 points draw a ROC curve of 70,000 examples as well as all of them.
    public const int CurvePoints = 200;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(EvaluationReport report, IReadOnlyList<(double Strength, IReadOnlyDictionary<string, double> Metrics)>? robustness)
    {
        var document = new JsonObject
        {
            ["confusionMatrix"] = report.Confusion is { } confusion
                ? new JsonObject { ["labels"] = ToNode(confusion.Labels), ["counts"] = ToNode(confusion.Counts) }
                : null,
            ["perClass"] = report.PerClass is { } perClass
                ? ToNode(perClass.Select(c => new { c.Label, precision = Finite(c.Precision), recall = Finite(c.Recall), f1 = Finite(c.F1), c.Support }))
                : null,
            ["calibration"] = report.Calibration is { } calibration
                ? ToNode(new
                {
                    ece = Finite(calibration.ExpectedCalibrationError),
                    bins = calibration.Bins.Select(b => new { b.Lower, b.Upper, b.Count, confidence = Finite(b.Confidence), accuracy = Finite(b.Accuracy) }),
                })
                : null,
            ["curves"] = ToNode(report.Curves.Select(curve =>
            {
                var keep = Sample(curve.X.Length);
                return new
                {
                    curve.Kind, curve.Label, area = curve.Area is { } area && double.IsFinite(area) ? area : (double?)null,
                    x = keep.Select(i => Finite(curve.X[i])), y = keep.Select(i => Finite(curve.Y[i])),
                };
            })),
            ["spanErrors"] = report.SpanErrors is { } spans ? ToNode(spans) : null,
            ["robustness"] = robustness is null ? null : ToNode(robustness.Select(point => new
            {
                strength = point.Strength,
                metrics = point.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value),
            })),
        };
        return document.ToJsonString(Options);
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? new JsonObject();

    // Evenly spaced indices with the first and last kept, so a curve keeps its ends.
    private static IEnumerable<int> Sample(int count)
    {
        if (count <= CurvePoints) return Enumerable.Range(0, count);
        return Enumerable.Range(0, CurvePoints).Select(i => (int)Math.Round(i * (count - 1) / (double)(CurvePoints - 1))).Distinct();
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);
}
