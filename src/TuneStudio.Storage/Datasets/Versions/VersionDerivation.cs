namespace TuneStudio.Storage;

/// <summary>
/// Makes a new version by streaming a base version through an operation into a <see cref="VersionWriter"/>.
/// Pages the operation leaves alone hash the same and are not stored again. The version and the dataset's new
/// latest version are published in one last write; until then an unfinished-version mark lets a restart clean up.
/// </summary>
internal sealed class VersionDerivation(StudioDatabase db)
{
    // One derivation at a time: removing a failed version's pages must know that no other version of the dataset
    // is half-written. Operations are quick next to imports, so the queue stays short.
    // Deleting a dataset takes it too, so a dataset never disappears under a derivation.
    internal static readonly object Gate = new();

    /// <param name="dryRun">Only work out what the operation would do (<see cref="OperationResult.Preview"/>); store nothing.</param>
    public OperationResult Run(string datasetId, int baseVersion, DatasetOperation operation, string createdBy, CancellationToken cancellationToken, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(operation);
        lock (Gate)
        {
            var (dataset, parent) = db.Read(database => (
                database.GetCollection<DatasetDocument>(CollectionNames.Datasets).FindById(datasetId),
                database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions)
                    .FindById(DatasetVersionDocument.KeyFor(datasetId, baseVersion))));
            if (dataset is null) return OperationResult.Failed(new ValidationError(0, "datasetId", $"Dataset '{datasetId}' does not exist."));
            if (parent is null) return OperationResult.Failed(new ValidationError(0, "baseVersion", $"Dataset '{datasetId}' has no version {baseVersion}."));

            if (dataset.Task == DatasetTasks.ImageClassification && RewritesText(operation))
                return OperationResult.Failed(new ValidationError(0, "operation",
                    $"'{operation.Name}' edits texts; an image row's text is its image reference, so image datasets take label and row operations only."));
            var errors = operation.Check(parent.ToInfo());
            if (errors.Count > 0) return new OperationResult(null, errors);
            if (dryRun) return new OperationResult(null, [], Preview(datasetId, parent.ToInfo(), operation, LabelScheme.For(dataset.Task), cancellationToken));

            var version = dataset.LatestVersion + 1;
            db.Write(database => UnfinishedImports.In(database).Insert(UnfinishedImports.Mark(datasetId, version)));
            try
            {
                var (written, split) = Write(datasetId, baseVersion, operation, LabelScheme.For(dataset.Task), cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                var info = db.Write(database => VersionPublication.Publish(database, new VersionPublication.NewVersion(
                    datasetId, version, parent, operation, createdBy, written, split)));
                return new OperationResult(info, []);
            }
            catch
            {
                RemoveQuietly(datasetId, version);
                throw;
            }
        }
    }

    private (WrittenVersion Written, SplitAssignment? Split) Write(
        string datasetId, int baseVersion, DatasetOperation operation, LabelScheme labels, CancellationToken cancellationToken)
    {
        using var writer = new VersionWriter(db, datasetId, labels);
        var source = new VersionRows(db, datasetId, baseVersion);
        // A split needs every row's label before it can deal; labels are kept as small numbers, not strings.
        var labelNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelOf = operation is SplitRows ? new List<int>() : null;
        foreach (var row in operation.Apply(source.All().Select(r => r.Row), labels))
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Add(row, cancellationToken);
            if (labelOf is null) continue;
            if (!labelNumbers.TryGetValue(row.Label, out var number)) labelNumbers[row.Label] = number = labelNumbers.Count;
            labelOf.Add(number);
        }
        if (operation is not SplitRows settings) return (writer.Finish(cancellationToken), null);

        // Labels numbered in first-seen order; deal in ordinal label order so the split never depends on row order of labels.
        var ordinalRank = labelNumbers.OrderBy(l => l.Key, StringComparer.Ordinal).Select((l, rank) => (l.Value, rank)).ToDictionary(x => x.Value, x => x.rank);
        var split = SplitAssignment.Deal(settings, labelOf!.Select(n => ordinalRank[n]).ToList());
        var leakage = SplitLeakage.Find(source.All(), split.Parts);
        return (writer.Finish(leakage, split, cancellationToken), split);
    }

    // The same stream as Write, counted instead of stored: rows kept, rows whose text or label the operation changed
    // (matched by row id, which operations keep), the label counts after, and a split's part sizes.
    private OperationPreview Preview(string datasetId, DatasetVersionInfo parent, DatasetOperation operation, LabelScheme labels, CancellationToken cancellationToken)
    {
        var source = new VersionRows(db, datasetId, parent.Version);
        var before = new Dictionary<long, UInt128>();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var labelNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelOf = operation is SplitRows ? new List<int>() : null;
        long after = 0, changed = 0;
        IEnumerable<StoredRow> Remembered()
        {
            foreach (var (_, row) in source.All())
            {
                before[row.Id] = RowDigest.Of(row.Text, row.Label);
                yield return row;
            }
        }
        foreach (var row in operation.Apply(Remembered(), labels))
        {
            cancellationToken.ThrowIfCancellationRequested();
            after++;
            if (before.TryGetValue(row.Id, out var digest) && digest != RowDigest.Of(row.Text, row.Label)) changed++;
            foreach (var label in labels.Classes(row.Label)) counts[label] = counts.GetValueOrDefault(label) + 1;
            if (labelOf is null) continue;
            if (!labelNumbers.TryGetValue(row.Label, out var number)) labelNumbers[row.Label] = number = labelNumbers.Count;
            labelOf.Add(number);
        }
        SplitSummary? split = null;
        if (operation is SplitRows settings)
        {
            var ordinalRank = labelNumbers.OrderBy(l => l.Key, StringComparer.Ordinal).Select((l, rank) => (l.Value, rank)).ToDictionary(x => x.Value, x => x.rank);
            var dealt = SplitAssignment.Deal(settings, labelOf!.Select(n => ordinalRank[n]).ToList());
            split = new SplitSummary(settings, dealt.Count(SplitPart.Train), dealt.Count(SplitPart.Validation), dealt.Count(SplitPart.Test));
        }
        return new OperationPreview(parent.Version, parent.RowCount, after, parent.RowCount - after, changed, counts, split);
    }

    private static bool RewritesText(DatasetOperation operation) =>
        operation is TrimWhitespace or NormalizeUnicode || operation is FixRow { Text: not null };

    private void RemoveQuietly(string datasetId, int version)
    {
        try
        {
            UnfinishedImports.RemoveVersion(db, datasetId, version);
        }
        catch (Exception)
        {
            // The mark stays, so the next start-up finishes the clean-up; the original failure is what the caller needs to see.
        }
    }
}

/// <summary>
/// The new version, or why the operation was refused (each error naming the request field); for a dry run, the
/// <see cref="Preview"/> of what it would make instead of a version.
/// </summary>
public sealed record OperationResult(DatasetVersionInfo? Version, IReadOnlyList<ValidationError> Errors, OperationPreview? Preview = null)
{
    public bool Succeeded => Version is not null || Preview is not null;

    public static OperationResult Failed(ValidationError error) => new(null, [error]);
}

/// <summary>
/// What an operation would make of <paramref name="BaseVersion"/>, worked out without storing anything:
/// rows before and after, rows dropped, rows kept but changed (text or label), the label counts after, and for a
/// split the size of each part.
/// </summary>
public sealed record OperationPreview(
    int BaseVersion, long RowsBefore, long RowsAfter, long RowsDropped, long RowsChanged, IReadOnlyDictionary<string, long> LabelCounts, SplitSummary? Split);
