namespace TuneStudio.Storage;

/// <summary>A dataset as stored. Written last by an import, so a dataset exists only once all its rows do.</summary>
internal sealed class DatasetDocument
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Task { get; set; } = DatasetTasks.TextClassification;
    public int LatestVersion { get; set; }
    public long Rows { get; set; }
    public List<string> Labels { get; set; } = [];
    public DateTime CreatedAt { get; set; }

    public DatasetSummary ToSummary() => new(Id, Name, Task, LatestVersion, Rows, Labels.ToList(), CreatedAt);
}
