using System.Text.Json.Nodes;
using TuneStudio.Storage;

namespace TuneStudio.Web.Evaluations;

// An evaluation as GET /api/evaluations/{id} shows it: the record, its metrics and the report's parts the task has.
public static class EvaluationView
{
    public static JsonObject From(EvaluationRecord e)
    {
        var view = new JsonObject
        {
            ["id"] = e.Id,
            ["status"] = e.Status,
            ["progress"] = e.Progress,
            ["runId"] = e.RunId,
            ["checkpointId"] = e.CheckpointId,
            ["checkpointName"] = e.CheckpointName,
            ["datasetId"] = e.DatasetId,
            ["datasetVersion"] = e.DatasetVersion,
            ["split"] = e.Split,
            ["trigger"] = e.Trigger,
            ["requestedBy"] = e.RequestedBy,
            ["createdAt"] = e.CreatedAt,
            ["startedAt"] = e.StartedAt,
            ["endedAt"] = e.EndedAt,
            ["message"] = e.Message,
            ["examples"] = e.Examples,
            ["metrics"] = new JsonObject(e.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["perturbation"] = e.PerturbationKind is null ? null
                : new JsonObject { ["kind"] = e.PerturbationKind, ["strengths"] = new JsonArray([.. (e.PerturbationStrengths ?? []).Select(s => (JsonNode?)s)]) },
        };
        foreach (var (key, value) in EvaluationReportJson.Parse(e.ReportJson).ToList())
            if (value is not null) view[key] = value.DeepClone();
        return view;
    }

    // A summary for lists: no report parts.
    public static object Summary(EvaluationRecord e) => new
    {
        e.Id, e.Status, e.Progress, e.RunId, e.CheckpointId, e.CheckpointName, e.DatasetId, e.DatasetVersion, e.Split, e.Trigger,
        e.RequestedBy, e.CreatedAt, e.EndedAt, e.Message, e.Examples, e.Metrics, e.PerturbationKind,
    };

    // row: 1-based, as pages number rows. An image row's text is its reference; image gives its hash and URL.
    public static object Example(string datasetId, EvaluationExample x) => new
    {
        row = x.Row + 1, text = x.Text,
        image = ImageReference.Parse(x.Text) is { } image ? new { image.Hash, url = Datasets.ImageRows.Url(datasetId, image.Hash) } : null, trueLabel = x.TrueLabel, predictedLabel = x.PredictedLabel, correct = x.Correct,
        confidence = x.Confidence, loss = x.Loss, probabilities = x.Probabilities, detail = x.Detail,
    };
}
