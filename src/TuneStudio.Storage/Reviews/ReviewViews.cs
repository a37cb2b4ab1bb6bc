namespace TuneStudio.Storage.Reviews;

/// <summary>What creating a task asks for.</summary>
public sealed record NewReviewTask(string DatasetId, int Version, string? Name, ReviewSelection Selection, IReadOnlyList<string> Annotators, int Overlap = 1);

/// <summary>
/// An item as an annotator or reviewer sees it. <paramref name="BasedOn"/> is what a save of it must send back.
/// <paramref name="Row"/> is the row's 1-based number, as the dataset page shows it. <paramref name="Task"/> says how to show it: a text, an image (<paramref name="Text"/> is its reference) or a
/// sentence (tokens in <paramref name="Text"/>, tags in the labels, <paramref name="Labels"/> the entity types).
/// </summary>
public sealed record ReviewItemView(
    string TaskId, int ItemId, long Row, string Text, string OriginalLabel, string CurrentLabel, IReadOnlyList<string> Labels,
    long BasedOn, int Done, int Assigned, string Task = DatasetTasks.TextClassification);

/// <summary>An annotator's answer. Exactly one of a label, a skip or a flag (with a comment; a flag may carry a label too).</summary>
public sealed record AnnotationInput(string? Label, bool Skip, bool Flag, string? Comment, long BasedOn);

public enum SaveOutcome { Saved, Conflict, NotFound, NotAssigned, Invalid, Closed }

/// <summary>
/// A save's answer. On a conflict <paramref name="ChangedBy"/> and <paramref name="TheirLabel"/> say what the other change
/// was and <paramref name="CurrentRevision"/> is what to send as basedOn to overwrite it deliberately.
/// </summary>
public sealed record SaveResult(SaveOutcome Outcome, string? Message = null, string? ChangedBy = null, string? TheirLabel = null, long CurrentRevision = 0);

public sealed record AnnotatorProgress(string User, int Assigned, int Done, int Skipped, int Flagged);

/// <summary>
/// A task's state: counts, per-annotator progress and agreement on items labelled by more than one annotator. For token
/// classification agreement is over tokens (<paramref name="AgreementItems"/> counts tokens), as sentences rarely match whole.
/// </summary>
public sealed record ReviewTaskSummary(
    string Id, string Name, string DatasetId, int Version, string Selection, string CreatedBy, DateTime CreatedAt,
    IReadOnlyList<string> Annotators, int Overlap, int Items, int ItemsDone, int Conflicts, bool Closed, int? ResultVersion,
    IReadOnlyList<AnnotatorProgress> Progress, string AgreementMeasure, double? Kappa, int AgreementItems,
    string Task = DatasetTasks.TextClassification);

/// <summary>An item on which annotators disagree or that someone flagged, with every answer; <paramref name="Row"/> is its 1-based row number.</summary>
public sealed record ReviewConflict(int ItemId, long Row, string Text, string OriginalLabel, IReadOnlyList<ConflictAnswer> Answers, long BasedOn);

public sealed record ConflictAnswer(string User, string? Label, bool Skipped, string? FlagComment);

/// <summary>
/// A close's answer. When it was refused over unresolved conflicts, <paramref name="Unresolved"/> lists them (closing with
/// force keeps their rows' labels).
/// </summary>
public sealed record CloseResult(bool Closed, string? Message, DatasetVersionInfo? Version, int Relabelled, IReadOnlyList<ReviewConflict>? Unresolved = null);

/// <summary>An undo's answer: the item to answer again and the answer taken back (to show it chosen).</summary>
public sealed record UndoResult(SaveOutcome Outcome, string? Message, ReviewItemView? Item = null, Annotation? Removed = null);
