using LiteDB;

namespace TuneStudio.Storage.Reviews;

/// <summary>
/// Review tasks: creation from a dataset version, annotators' saves with stale-save detection, conflict resolution,
/// and closing into a relabel operation. Every read-check-write of a task is one <see cref="StudioDatabase.Write{T}"/>,
/// so two saves can never interleave.
/// </summary>
public sealed class ReviewStore(StudioDatabase db)
{
    public const string Collection = "review_tasks";

    /// <summary>A task is one LiteDB document (at most 16 MB); this many short texts with their answers stay far below it.</summary>
    public const int MaxItems = 5_000;

    /// <summary>The dataset tasks review can show an item of: a text, an image, or a sentence's tokens with their tags.</summary>
    public static readonly IReadOnlyList<string> Reviewable = [DatasetTasks.TextClassification, DatasetTasks.ImageClassification, DatasetTasks.TokenClassification];

    private static ILiteCollection<ReviewTaskDocument> Tasks(LiteDatabase database) => database.GetCollection<ReviewTaskDocument>(Collection);

    public (ReviewTaskDocument? Task, IReadOnlyList<ValidationError> Errors) Create(NewReviewTask request, string createdBy)
    {
        var datasets = new DatasetStore(db);
        var version = datasets.GetVersion(request.DatasetId, request.Version);
        var errors = new List<ValidationError>();
        if (version is null) errors.Add(new(0, "version", $"Dataset '{request.DatasetId}' has no version {request.Version}."));
        var dataset = datasets.Get(request.DatasetId);
        var kind = dataset?.Task;
        if (version is not null && !Reviewable.Contains(kind))
            errors.Add(new(0, "datasetId", $"Review supports {string.Join(", ", Reviewable)} datasets; '{request.DatasetId}' is {kind}."));
        if (request.Selection.Problem() is { } problem) errors.Add(new(0, "selection", problem));
        if (InputText.CheckName(request.Name) is { } nameProblem) errors.Add(new(0, "name", nameProblem));
        var annotators = request.Annotators.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (annotators.Count == 0) errors.Add(new(0, "annotators", "Assign at least one annotator."));
        if (request.Overlap < 1 || request.Overlap > Math.Max(1, annotators.Count))
            errors.Add(new(0, "overlap", $"Overlap is how many annotators see each item: 1 to {Math.Max(1, annotators.Count)}."));
        if (errors.Count > 0) return (null, errors);

        var rows = request.Selection.Choose(datasets.ReadAllRows(request.DatasetId, request.Version));
        if (rows.Count == 0) return (null, [new(0, "selection", "The selection matches no rows.")]);
        if (rows.Count > MaxItems) return (null, [new(0, "selection", $"The selection matches {rows.Count:N0} rows; a task holds at most {MaxItems:N0}. Use a sample or a filter.")]);

        var task = new ReviewTaskDocument
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"Review of {dataset!.Name} v{request.Version}" : request.Name.Trim(),
            DatasetId = request.DatasetId,
            Version = request.Version,
            Task = kind!,
            CreatedBy = createdBy,
            CreatedAt = DateTime.UtcNow,
            Annotators = annotators,
            Overlap = request.Overlap,
            Labels = kind == DatasetTasks.TokenClassification ? TagSpans.EntityTypes(version!.Labels).ToList() : version!.Labels.ToList(),
            Selection = request.Selection.Describe(),
            // Round-robin: item i goes to annotators i, i+1, ... i+k-1 (mod m), so each sees k-overlapping shares evenly.
            Items = rows.Select((r, i) => new ReviewItem
            {
                ItemId = i + 1,
                Row = r.Index,
                Text = r.Text,
                OriginalLabel = r.Label,
                Assignees = Enumerable.Range(0, request.Overlap).Select(j => annotators[(i + j) % annotators.Count]).ToList(),
            }).ToList(),
        };
        db.Write(database =>
        {
            task.Id = ShortId.NewUnused("rv-", id => Tasks(database).FindById(id) is not null);
            Tasks(database).Insert(task);
        });
        return (task, []);
    }

    public ReviewTaskDocument? Get(string taskId) => db.Read(database => Tasks(database).FindById(taskId));

    public IReadOnlyList<ReviewTaskDocument> List() => db.Read(database => Tasks(database).FindAll().OrderByDescending(t => t.CreatedAt).ToList());

    /// <summary>
    /// The first item assigned to <paramref name="user"/> that they have not answered; once none is left, the item they
    /// skipped longest ago (a skip is "not now", so skipped items come back at the end of the queue). Null when every
    /// assigned item has a label, a flag or a reviewer's resolution.
    /// </summary>
    public ReviewItemView? Next(string taskId, string user)
    {
        var task = Get(taskId);
        if (task is null || task.Closed) return null;
        var open = task.Items.Where(i => IsAssigned(i, user) && i.ResolvedLabel is null).ToList();
        var item = open.FirstOrDefault(i => AnswerOf(i, user) is null)
            ?? open.Where(i => AnswerOf(i, user)?.Skipped == true).OrderBy(i => AnswerOf(i, user)!.Revision).FirstOrDefault();
        return item is null ? null : View(task, item, user);
    }

    /// <summary>
    /// Takes back <paramref name="user"/>'s latest answer in the task (a label, flag or skip), so the item is theirs to
    /// answer again; the view carries the answer taken back. Refused when the task is closed, the user never answered,
    /// or a reviewer resolved that item after the answer (their resolution stands).
    /// </summary>
    public UndoResult Undo(string taskId, string user) => db.Write(database =>
    {
        var task = Tasks(database).FindById(taskId);
        if (task is null) return new UndoResult(SaveOutcome.NotFound, $"Review task '{taskId}' does not exist.");
        if (task.Closed) return new UndoResult(SaveOutcome.Closed, "The task is closed.");
        var latest = task.Items
            .Select(i => (Item: i, Answer: AnswerOf(i, user)))
            .Where(x => x.Answer is not null)
            .OrderByDescending(x => x.Answer!.Revision)
            .FirstOrDefault();
        if (latest.Item is null) return new UndoResult(SaveOutcome.NotFound, $"{user} has no answer in this task to take back.");
        if (latest.Item.ResolvedLabel is not null && latest.Item.ResolvedAt > latest.Answer!.Revision)
            return new UndoResult(SaveOutcome.Conflict, $"{latest.Item.ResolvedBy} resolved item {latest.Item.ItemId} as {latest.Item.ResolvedLabel} after your answer; ask them to change it.");

        var revision = ++task.Revision;
        latest.Item.Annotations.Remove(latest.Answer!);
        latest.Item.ChangedAt = revision;
        latest.Item.ChangedBy = user;
        Tasks(database).Update(task);
        return new UndoResult(SaveOutcome.Saved, null, View(task, latest.Item, user), latest.Answer);
    });

    public ReviewItemView? Item(string taskId, int itemId, string user)
    {
        var task = Get(taskId);
        var item = task?.Items.FirstOrDefault(i => i.ItemId == itemId);
        return item is null ? null : View(task!, item, user);
    }

    /// <summary>
    /// Stores an answer unless it is stale: when the user's own answer or the item's resolution changed after
    /// <see cref="AnnotationInput.BasedOn"/>, nothing is written and the other change is reported.
    /// </summary>
    public SaveResult Annotate(string taskId, int itemId, string user, AnnotationInput input) => db.Write(database =>
    {
        var task = Tasks(database).FindById(taskId);
        var item = task?.Items.FirstOrDefault(i => i.ItemId == itemId);
        if (task is null || item is null) return new SaveResult(SaveOutcome.NotFound, $"Task '{taskId}' has no item {itemId}.");
        if (task.Closed) return new SaveResult(SaveOutcome.Closed, "The task is closed.");
        if (!IsAssigned(item, user)) return new SaveResult(SaveOutcome.NotAssigned, $"Item {itemId} is not assigned to {user}.");
        if (InputProblem(task, item, input) is { } problem) return new SaveResult(SaveOutcome.Invalid, problem);

        var own = AnswerOf(item, user);
        if (own is not null && own.Revision > input.BasedOn)
            return Stale(task, $"{user} (another window)", own.Label);
        if (item.ResolvedLabel is not null && item.ResolvedAt > input.BasedOn)
            return Stale(task, item.ResolvedBy!, item.ResolvedLabel);

        var revision = ++task.Revision;
        if (own is not null) item.Annotations.Remove(own);
        item.Annotations.Add(new Annotation
        {
            User = user, Label = input.Skip ? null : input.Label, Skipped = input.Skip,
            FlagComment = input.Flag ? input.Comment?.Trim() : null, Revision = revision, At = DateTime.UtcNow,
        });
        // Having seen the reviewer's label (basedOn is past it), the annotator chose another on purpose: the latest
        // deliberate decision stands, as a reviewer's fresh resolution would over an annotator's.
        if (item.ResolvedLabel is not null && input.Label is not null && input.Label != item.ResolvedLabel)
        {
            item.ResolvedLabel = null;
            item.ResolvedBy = null;
        }
        item.ChangedAt = revision;
        item.ChangedBy = user;
        Tasks(database).Update(task);
        return new SaveResult(SaveOutcome.Saved, CurrentRevision: revision);
    });

    /// <summary>A reviewer's final label for an item; stale when anyone changed the item after <paramref name="basedOn"/>.</summary>
    public SaveResult Resolve(string taskId, int itemId, string reviewer, string label, long basedOn) => db.Write(database =>
    {
        var task = Tasks(database).FindById(taskId);
        var item = task?.Items.FirstOrDefault(i => i.ItemId == itemId);
        if (task is null || item is null) return new SaveResult(SaveOutcome.NotFound, $"Task '{taskId}' has no item {itemId}.");
        if (task.Closed) return new SaveResult(SaveOutcome.Closed, "The task is closed.");
        if (LabelProblem(task, item, label) is { } problem) return new SaveResult(SaveOutcome.Invalid, problem);
        if (item.ChangedAt > basedOn) return Stale(task, item.ChangedBy ?? "someone", item.ResolvedLabel ?? AnswerOf(item, item.ChangedBy ?? "")?.Label);

        var revision = ++task.Revision;
        item.ResolvedLabel = label;
        item.ResolvedBy = reviewer;
        item.ResolvedAt = revision;
        item.ChangedAt = revision;
        item.ChangedBy = reviewer;
        Tasks(database).Update(task);
        return new SaveResult(SaveOutcome.Saved, CurrentRevision: revision);
    });

    public IReadOnlyList<ReviewConflict> Conflicts(string taskId) =>
        Get(taskId) is { } task
            ? task.Items.Where(i => i.ResolvedLabel is null && ReviewOutcome.IsConflict(i))
                .Select(i => new ReviewConflict(i.ItemId, i.Row + 1, i.Text, i.OriginalLabel,
                    i.Annotations.Select(a => new ConflictAnswer(a.User, a.Label, a.Skipped, a.FlagComment)).ToList(), task.Revision))
                .ToList()
            : [];

    public ReviewTaskSummary? Summary(string taskId) => Get(taskId) is { } task ? ReviewOutcome.Summarise(task) : null;

    /// <summary>
    /// Turns the accepted labels that differ from the version's into one relabel version (through <paramref name="apply"/>,
    /// so the caller can audit it) and closes the task. A task with no changes closes without a version.
    /// </summary>
    /// <remarks>
    /// Unresolved conflicts (disagreements, flags) would silently keep their rows' labels, so closing refuses them,
    /// naming each, unless <paramref name="force"/> says the closer saw them and means it.
    /// </remarks>
    public CloseResult Close(string taskId, string by, Func<string, int, RelabelRows, OperationResult> apply, bool force = false)
    {
        lock (CloseGate)
        {
            var task = Get(taskId);
            if (task is null) return new CloseResult(false, $"Review task '{taskId}' does not exist.", null, 0);
            if (task.Closed) return new CloseResult(false, "The task is already closed.", null, 0);
            var unresolved = Conflicts(taskId);
            if (unresolved.Count > 0 && !force)
                return new CloseResult(false, ReviewOutcome.DescribeUnresolved(unresolved), null, 0, unresolved);

            var relabel = ReviewOutcome.Relabel(task);
            DatasetVersionInfo? version = null;
            if (relabel.Labels.Count > 0)
            {
                var result = apply(task.DatasetId, task.Version, relabel);
                if (result.Version is null) return new CloseResult(false, string.Join(" ", result.Errors.Select(e => e.Message)), null, 0);
                version = result.Version;
            }
            db.Write(database =>
            {
                var stored = Tasks(database).FindById(taskId)!;
                stored.Closed = true;
                stored.ClosedBy = by;
                stored.ResultVersion = version?.Version;
                stored.Revision++;
                Tasks(database).Update(stored);
            });
            return new CloseResult(true, version is null ? "No label changed; no new version was made." : ReviewOutcome.DescribeChanges(task), version, relabel.Labels.Count);
        }
    }

    private static readonly object CloseGate = new();

    private static SaveResult Stale(ReviewTaskDocument task, string changedBy, string? theirLabel) =>
        new(SaveOutcome.Conflict, $"Changed by {changedBy} since you opened it.", changedBy, theirLabel, task.Revision);

    private static string? InputProblem(ReviewTaskDocument task, ReviewItem item, AnnotationInput input)
    {
        if (input.Skip && (input.Flag || input.Label is not null)) return "A skip carries no label or flag.";
        if (input.Flag && string.IsNullOrWhiteSpace(input.Comment)) return "A flag needs a comment.";
        if (InputText.CheckNote(input.Comment, "The comment") is { } tooLong) return tooLong;
        if (!input.Skip && !input.Flag && input.Label is null) return "Give a label, skip, or flag with a comment.";
        return input.Label is null ? null : LabelProblem(task, item, input.Label);
    }

    // A sentence's answer is its whole tag sequence, checked as IOB2 over the task's entity types; otherwise one class.
    private static string? LabelProblem(ReviewTaskDocument task, ReviewItem item, string label) =>
        task.Task == DatasetTasks.TokenClassification
            ? TagSpans.Problem(item.Text.Split(' ').Length, label, task.Labels)
            : task.Labels.Contains(label) ? null : $"'{label}' is not one of the labels: {string.Join(", ", task.Labels)}.";

    internal static bool IsAssigned(ReviewItem item, string user) => item.Assignees.Contains(user, StringComparer.OrdinalIgnoreCase);

    internal static Annotation? AnswerOf(ReviewItem item, string user) =>
        item.Annotations.FirstOrDefault(a => string.Equals(a.User, user, StringComparison.OrdinalIgnoreCase));

    private static ReviewItemView View(ReviewTaskDocument task, ReviewItem item, string user)
    {
        var assigned = task.Items.Where(i => IsAssigned(i, user)).ToList();
        return new ReviewItemView(task.Id, item.ItemId, item.Row + 1, item.Text, item.OriginalLabel,
            item.ResolvedLabel ?? AnswerOf(item, user)?.Label ?? item.OriginalLabel, task.Labels, task.Revision,
            assigned.Count(i => ReviewOutcome.IsAnswered(AnswerOf(i, user)) || i.ResolvedLabel is not null), assigned.Count, task.Task);
    }
}
