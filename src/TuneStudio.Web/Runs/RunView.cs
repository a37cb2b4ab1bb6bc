using System.Text.Json;
using TuneStudio.Storage;

namespace TuneStudio.Web.Runs;

public sealed record CheckpointView(string Id, string Name, long Step, int Epoch, long SizeBytes,
    IReadOnlyDictionary<string, double> Metrics, DateTime CreatedAt, string DownloadUrl, string ExportUrl)
{
    public static CheckpointView From(CheckpointRecord c)
    {
        var path = $"/api/checkpoints/{Uri.EscapeDataString(c.Id)}";
        return new(c.Id, c.Name, c.Step, c.Epoch, c.SizeBytes, c.Metrics, c.CreatedAt, $"{path}/download", $"{path}/export?format=huggingface");
    }
}

// A run as the API and the pages show it: the record plus its resolved config, checkpoints and lineage.
public sealed record RunView(
    string Id, string Name, string Status, string? Message,
    string DatasetId, string DatasetName, int DatasetVersion, string Model, string Method,
    JsonElement Config, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt, TimeSpan? Duration,
    string Task, long Steps, IReadOnlyDictionary<string, double> Summary, IReadOnlyDictionary<string, double> Best,
    double? BestValAccuracy, double? BestValMacroF1,
    IReadOnlyList<CheckpointView> Checkpoints, long CheckpointBytes, string StartedBy,
    string? ParentRunId, string? ParentCheckpointId, string? ResumedFromCheckpointId, RunExamples? Examples)
{
    public static RunView From(RunRecord r, IReadOnlyList<CheckpointRecord> checkpoints)
    {
        using var config = JsonDocument.Parse(r.ConfigJson);
        TimeSpan? duration = r.StartedAt is { } start ? (r.EndedAt ?? DateTime.UtcNow) - start : null;
        return new(r.Id, r.Name, r.Status, r.Message, r.DatasetId, r.DatasetName, r.DatasetVersion, r.Model, r.Method,
            config.RootElement.Clone(), r.CreatedAt, r.StartedAt, r.EndedAt, duration, RunConfigJson.TaskOf(r), r.Steps, r.Summary, r.Best,
            r.BestValAccuracy, r.BestValMacroF1, checkpoints.Select(CheckpointView.From).ToList(), checkpoints.Sum(c => c.SizeBytes),
            r.StartedBy, r.ParentRunId, r.ParentCheckpointId, r.ResumeFromCheckpointId, r.Examples);
    }
}
