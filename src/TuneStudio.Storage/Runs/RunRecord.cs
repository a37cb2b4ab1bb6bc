namespace TuneStudio.Storage;

/// <summary>
/// A training run as stored. Mutable so that <see cref="RunStore.Update"/> can change it in place.
/// Times are UTC and kept to the millisecond. <see cref="Summary"/> keys are stored as LiteDB document keys,
/// which ignore case: keep metric names distinct regardless of case.
/// </summary>
public sealed class RunRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Status { get; set; } = RunStatus.Queued;
    public string DatasetId { get; set; } = "";
    public string DatasetName { get; set; } = "";
    public int DatasetVersion { get; set; }
    public string Model { get; set; } = "";
    public string Method { get; set; } = "";
    // The training task's name; empty for runs stored before tasks were plug-ins (RunConfigJson.TaskOf reads it from the config).
    public string Task { get; set; } = "";
    public string ConfigJson { get; set; } = "{}";
    // The user name of whoever started the run; empty for runs stored before accounts existed.
    public string StartedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? Message { get; set; }
    public long Steps { get; set; }
    public Dictionary<string, double> Summary { get; set; } = new();
    // The best value so far of each validation metric the run's task declares.
    public Dictionary<string, double> Best { get; set; } = new();
    public double? BestValAccuracy { get; set; }
    public double? BestValMacroF1 { get; set; }
    // Set when a user resumes the run: the worker continues from this checkpoint under the same id.
    public string? ResumeFromCheckpointId { get; set; }
    // Set for a fork: the run and checkpoint whose weights this run started from.
    public string? ParentRunId { get; set; }
    public string? ParentCheckpointId { get; set; }
    // Set when training starts; null for runs that have not started or were stored before it was recorded.
    public RunExamples? Examples { get; set; }
}
