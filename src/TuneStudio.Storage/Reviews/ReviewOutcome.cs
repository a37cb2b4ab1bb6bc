namespace TuneStudio.Storage.Reviews;

/// <summary>What a task's answers add up to: accepted labels, conflicts, progress, agreement and the closing relabel.</summary>
internal static class ReviewOutcome
{
    private static IEnumerable<Annotation> Labelled(ReviewItem item) => item.Annotations.Where(a => a.Label is not null);

    /// <summary>A label or a flag answers an item; a skip only puts it off, so it is not done.</summary>
    public static bool IsAnswered(Annotation? answer) => answer is { Skipped: false };

    public static bool IsConflict(ReviewItem item) =>
        Labelled(item).Select(a => a.Label).Distinct().Count() > 1 || item.Annotations.Any(a => a.FlagComment is not null);

    /// <summary>The reviewer's label, else the label every labelling annotator agreed on, else none (the row keeps its label).</summary>
    public static (string Label, string By)? Accepted(ReviewItem item)
    {
        if (item.ResolvedLabel is not null) return (item.ResolvedLabel, item.ResolvedBy!);
        if (IsConflict(item)) return null;
        var first = Labelled(item).OrderBy(a => a.Revision).FirstOrDefault();
        return first is null ? null : (first.Label!, first.User);
    }

    public static RelabelRows Relabel(ReviewTaskDocument task)
    {
        var changes = task.Items
            .Select(i => (Item: i, Accepted: Accepted(i)))
            .Where(x => x.Accepted is { } a && a.Label != x.Item.OriginalLabel)
            .Select(x => (x.Item, x.Accepted!.Value.Label, x.Accepted!.Value.By))
            .ToList();
        var byUser = changes.GroupBy(c => c.By).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} label{(g.Count() == 1 ? "" : "s")} by {g.Key}");
        var summary = $"review task {task.Id}: " + (changes.Count == 0 ? "no changes" : string.Join(", ", byUser));
        var detail = string.Join("\n", changes.Select(c => $"row {c.Item.Row + 1}: {c.Item.OriginalLabel} → {c.Label} by {c.By}"));
        return new RelabelRows(changes.ToDictionary(c => c.Item.Row, c => c.Label), summary, detail);
    }

    // How many rows each closing message names per user before "and N more": a message, not a diff (the diff has them all).
    private const int RowsNamed = 5;

    /// <summary>What closing changed, in words: "1 label changed by anna: row 12 female → male".</summary>
    public static string DescribeChanges(ReviewTaskDocument task)
    {
        var byUser = task.Items
            .Select(i => (Item: i, Accepted: Accepted(i)))
            .Where(x => x.Accepted is { } a && a.Label != x.Item.OriginalLabel)
            .GroupBy(x => x.Accepted!.Value.By)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var rows = g.Take(RowsNamed).Select(x => $"row {x.Item.Row + 1} {x.Item.OriginalLabel} → {x.Accepted!.Value.Label}");
                var more = g.Count() > RowsNamed ? $" and {g.Count() - RowsNamed} more" : "";
                return $"{g.Count()} label{(g.Count() == 1 ? "" : "s")} changed by {g.Key}: {string.Join(", ", rows)}{more}";
            });
        return string.Join("; ", byUser);
    }

    /// <summary>Why a close was refused: each unresolved item with what its annotators said.</summary>
    public static string DescribeUnresolved(IReadOnlyList<ReviewConflict> conflicts)
    {
        var items = conflicts.Take(RowsNamed).Select(c => $"item {c.ItemId} (row {c.Row}): " + string.Join(", ", c.Answers.Select(a =>
            a.FlagComment is not null ? $"flagged by {a.User} (\"{a.FlagComment}\")" : a.Skipped ? $"skipped by {a.User}" : $"{a.User} said {a.Label}")));
        var more = conflicts.Count > RowsNamed ? $"; and {conflicts.Count - RowsNamed} more" : "";
        var count = conflicts.Count == 1 ? "1 conflict is" : $"{conflicts.Count} conflicts are";
        return $"{count} unresolved: {string.Join("; ", items)}{more}. Resolve them first, or close anyway (force) to keep those rows' labels.";
    }

    // What agreement compares: the label, or each token's tag of a sentence.
    private static string[] Units(ReviewTaskDocument task, string label) =>
        task.Task == DatasetTasks.TokenClassification ? label.Split(' ') : [label];

    public static ReviewTaskSummary Summarise(ReviewTaskDocument task)
    {
        var progress = task.Annotators.Select(user =>
        {
            var mine = task.Items.Where(i => ReviewStore.IsAssigned(i, user)).Select(i => ReviewStore.AnswerOf(i, user)).ToList();
            return new AnnotatorProgress(user, mine.Count, mine.Count(IsAnswered), mine.Count(a => a?.Skipped == true), mine.Count(a => a?.FlagComment is not null));
        }).ToList();
        int done = task.Items.Count(i => i.ResolvedLabel is not null || i.Assignees.All(u => IsAnswered(ReviewStore.AnswerOf(i, u))));
        int conflicts = task.Items.Count(i => i.ResolvedLabel is null && IsConflict(i));
        var (measure, kappa, agreementItems) = Kappa(task);
        return new ReviewTaskSummary(task.Id, task.Name, task.DatasetId, task.Version, task.Selection, task.CreatedBy, task.CreatedAt,
            task.Annotators, task.Overlap, task.Items.Count, done, conflicts, task.Closed, task.ResultVersion, progress, measure, kappa, agreementItems, task.Task);
    }

    /// <summary>
    /// Cohen's kappa when the task has exactly two annotators (items both labelled); otherwise Fleiss' kappa over items
    /// labelled by as many annotators as the overlap asks. Skips and flags without a label do not count. A sentence counts
    /// once per token (its tags compared token by token), as annotators rarely agree on every tag of a sentence.
    /// </summary>
    private static (string Measure, double? Kappa, int Items) Kappa(ReviewTaskDocument task)
    {
        if (task.Annotators.Count == 2)
        {
            var pairs = task.Items
                .Select(i => (First: ReviewStore.AnswerOf(i, task.Annotators[0])?.Label, Second: ReviewStore.AnswerOf(i, task.Annotators[1])?.Label))
                .Where(p => p.First is not null && p.Second is not null)
                .SelectMany(p => Units(task, p.First!).Zip(Units(task, p.Second!)))
                .ToList();
            return ("cohen", Agreement.CohensKappa(pairs), pairs.Count);
        }
        if (task.Overlap < 2) return ("none", null, 0);
        var items = task.Items.Select(i => Labelled(i).Select(a => Units(task, a.Label!)).ToList())
            .Where(labels => labels.Count == task.Overlap)
            .SelectMany(labels => Enumerable.Range(0, labels[0].Length).Select(unit => (IReadOnlyList<string>)labels.Select(l => l[unit]).ToList()))
            .ToList();
        return ("fleiss", Agreement.FleissKappa(items), items.Count);
    }
}
