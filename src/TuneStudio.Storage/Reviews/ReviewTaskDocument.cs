namespace TuneStudio.Storage.Reviews;

/// <summary>
/// A review task over one dataset version, with its items embedded: tasks are small (hundreds of rows), and one
/// document makes every save a single read-check-write inside one transaction.
/// </summary>
public sealed class ReviewTaskDocument
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string DatasetId { get; set; } = "";
    public int Version { get; set; }
    // The dataset's task: how items show and what an answer is. Tasks stored before image and NER review are text.
    public string Task { get; set; } = DatasetTasks.TextClassification;
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<string> Annotators { get; set; } = [];
    public int Overlap { get; set; } = 1;
    // The classes an answer picks from; for token classification the entity types (PER, LOC), whose B-/I- tags the editor writes.
    public List<string> Labels { get; set; } = [];
    public string Selection { get; set; } = "";
    public bool Closed { get; set; }
    public string? ClosedBy { get; set; }
    public int? ResultVersion { get; set; }
    // A counter over the whole task: every change to any item takes the next value, so "based on" is one integer.
    public long Revision { get; set; }
    public List<ReviewItem> Items { get; set; } = [];
}

/// <summary>One row under review. <see cref="ItemId"/> counts from 1 within the task.</summary>
public sealed class ReviewItem
{
    public int ItemId { get; set; }
    // The row's 0-based position in the version (stored so); views and messages show it as a 1-based row number.
    public long Row { get; set; }
    // The row's text: a text, an image reference, or a sentence's tokens joined by spaces (its label then holds their tags).
    public string Text { get; set; } = "";
    public string OriginalLabel { get; set; } = "";
    public List<string> Assignees { get; set; } = [];
    public List<Annotation> Annotations { get; set; } = [];
    public string? ResolvedLabel { get; set; }
    public string? ResolvedBy { get; set; }
    public long ResolvedAt { get; set; }
    // The task revision of the item's last change, and who made it: what a stale save is told about.
    public long ChangedAt { get; set; }
    public string? ChangedBy { get; set; }
}

/// <summary>One annotator's answer: a label, a skip, or a flag with a comment.</summary>
public sealed class Annotation
{
    public string User { get; set; } = "";
    public string? Label { get; set; }
    public bool Skipped { get; set; }
    public string? FlagComment { get; set; }
    public long Revision { get; set; }
    public DateTime At { get; set; }
}
