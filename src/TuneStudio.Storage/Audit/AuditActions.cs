namespace TuneStudio.Storage.Audit;

public static class AuditActions
{
    public const string DatasetCreated = "dataset.created";
    public const string VersionCreated = "dataset.version_created";
    public const string DatasetDeleted = "dataset.deleted";
    public const string UploadRejected = "dataset.upload_rejected";
    public const string RunStarted = "run.started";
    public const string RunCancelled = "run.cancelled";
    public const string RunResumed = "run.resumed";
    public const string CheckpointDeleted = "checkpoint.deleted";
    public const string UserCreated = "user.created";
    public const string RoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string PasswordReset = "user.password_reset";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string ModelImported = "model.imported";
    public const string SignInFailed = "signin.failed";
    public const string LockedOut = "signin.locked_out";
    public const string SignedIn = "signin.succeeded";
    public const string UserUnlocked = "user.unlocked";
    public const string ReviewCreated = "review.created";
    public const string ReviewClosed = "review.closed";
    public const string ModelRenamed = "model.renamed";
    public const string ModelDeleted = "model.deleted";
    public const string ReviewAnswered = "review.answered";
    public const string ReviewAnswerUndone = "review.answer_undone";
    public const string ReviewConflictResolved = "review.conflict_resolved";
    public const string LabelDefinitionsEdited = "review.label_definitions_edited";
    // A run's end, recorded by the studio itself (user "(studio)"): completed, failed, or stopped (cancelled or interrupted).
    public const string RunCompleted = "run.completed";
    public const string RunFailed = "run.failed";
    public const string RunStopped = "run.stopped";
    public const string EvaluationStarted = "evaluation.started";
    public const string EvaluationCancelled = "evaluation.cancelled";
    // Weights leaving the studio: a checkpoint's zip, or an export (the format in the detail).
    public const string CheckpointDownloaded = "checkpoint.downloaded";
    public const string CheckpointExported = "checkpoint.exported";

    /// <summary>The user name of entries the studio records itself; parentheses are never part of a user's name.</summary>
    public const string Studio = "(studio)";

    public static IReadOnlyList<string> All { get; } =
    [
        DatasetCreated, VersionCreated, DatasetDeleted, UploadRejected, RunStarted, RunCancelled, RunResumed, CheckpointDeleted, ModelImported,
        UserCreated, RoleChanged, UserDisabled, UserEnabled, PasswordReset, TokenCreated, TokenRevoked,
        SignedIn, SignInFailed, LockedOut, UserUnlocked, ReviewCreated, ReviewClosed,
        ModelRenamed, ModelDeleted, ReviewAnswered, ReviewAnswerUndone, ReviewConflictResolved, LabelDefinitionsEdited,
        RunCompleted, RunFailed, RunStopped, CheckpointDownloaded, CheckpointExported,
    ];
}
