namespace TuneStudio.Storage;

/// <summary>A dataset as lists show it: its latest version's size and labels (labels sorted ordinally).</summary>
public sealed record DatasetSummary(string Id, string Name, string Task, int LatestVersion, long Rows, IReadOnlyList<string> Labels, DateTime CreatedAt);
