using System.Text;
using LiteDB;
using TuneStudio.Storage.Import;

namespace TuneStudio.Storage;

/// <summary>
/// Imports a text-classification file in two streaming passes, so files of hundreds of MB never sit in memory.
/// Pass 1 only validates. Pass 2 runs only for a clean file: it writes pages of rows in batches, then the version and the
/// dataset together in one last write, so a dataset appears only when complete. If pass 2 fails or is cancelled,
/// the rows written so far are deleted and nothing is left behind.
/// </summary>
internal sealed class TextClassificationImport(StudioDatabase db)
{
    public const int RowsPerWrite = 5_000;
    public const int MaxLabels = 1_000;
    public const int MaxNameLength = InputText.MaxNameLength;

    /// <param name="keepValidRows">
    /// Store the rows that pass and report the others, rather than refusing the file. Problems with the file as a whole
    /// (row 0: encoding, header, columns, name, too many labels, a split on some rows only) still refuse it, as does a
    /// file with no valid row.
    /// </param>
    public ImportResult Run(
        Func<Stream> openContent, string fileName, string datasetName, string task, ColumnMapping? mapping, CancellationToken cancellationToken,
        string createdBy = DatasetVersionInfo.Anonymous, bool keepValidRows = false)
    {
        ArgumentNullException.ThrowIfNull(openContent);
        var errors = new ImportErrors(keepValidRows ? RejectedRows.MaxKept : DatasetStore.MaxReportedErrors);
        var name = CheckName(datasetName, errors);
        var format = TextClassificationFormat.ForFileName(fileName, task);
        if (format is null)
        {
            var supported = task == DatasetTasks.TokenClassification ? ".conll or .jsonl" : TextClassificationFormat.SupportedExtensions;
            errors.AddForFile($"'{Path.GetFileName(fileName)}' is not a supported file type for {task}; use {supported}.");
            return Rejected(errors, []);
        }

        var selection = ColumnSelection.From(mapping, task);
        var rawContent = openContent;
        openContent = () => TextEncodingDetection.OpenAsUtf8(rawContent());
        IReadOnlyList<string> columns;
        long rowCount;
        try
        {
            (columns, rowCount) = Validate(openContent, format, selection, LabelScheme.For(task), errors, cancellationToken);
        }
        catch (RefusedEncodingException e)
        {
            errors.AddForFile(e.Message);
            return Rejected(errors, []);
        }
        catch (DecoderFallbackException)
        {
            using var raw = rawContent();
            errors.AddForFile($"The file is not valid UTF-16 (byte offset {TextEncodingDetection.FindInvalidUtf16(raw)}). Save it as UTF-8.");
            return Rejected(errors, []);
        }
        var skipping = keepValidRows && errors.Any && errors.FileProblems == 0 && rowCount > 0;
        if (errors.Any && !skipping) return Rejected(errors, columns);

        var source = new Source(openContent, Path.GetFileName(fileName), format, selection, columns, rowCount, task, skipping ? errors : null);
        var dataset = Store(source, name, createdBy, cancellationToken);
        if (dataset is null) return Rejected(FileChanged(), columns);
        return new ImportResult(dataset, [], 0, columns)
        {
            RejectedRowCount = skipping ? RejectedRows.CountRows(errors.Kept, errors.Total) : 0,
            Rejected = skipping ? errors.Kept.Take(DatasetStore.MaxReportedErrors).ToList() : [],
        };
    }

    private sealed record Source(
        Func<Stream> OpenContent,
        string FileName,
        TextClassificationFormat Format,
        ColumnSelection Selection,
        IReadOnlyList<string> Columns,
        long RowCount,
        string Task,
        ImportErrors? Skipped);

    private static string CheckName(string datasetName, ImportErrors errors)
    {
        var name = (datasetName ?? "").Trim();
        if (name.Length == 0) errors.Add(0, "name", "The dataset needs a name.");
        else if (InputText.CheckName(name) is { } problem) errors.Add(0, "name", problem);
        return name;
    }

    /// <summary>Pass 1: reads the whole file, reporting every problem, and stores nothing.</summary>
    private static (IReadOnlyList<string> Columns, long RowCount) Validate(
        Func<Stream> openContent, TextClassificationFormat format, ColumnSelection selection, LabelScheme labelScheme, ImportErrors errors,
        CancellationToken cancellationToken)
    {
        using var content = openContent();
        var reader = format.Open(content, selection, errors);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0, rowsWithPart = 0;
        foreach (var row in reader.Rows(cancellationToken))
        {
            rows++;
            if (row.Part is not null) rowsWithPart++;
            // Stop collecting past the limit: a text column mapped as the label would otherwise fill memory.
            if (labels.Count > MaxLabels) continue;
            foreach (var label in labelScheme.Classes(row.Label)) labels.Add(label);
        }
        // Labels name classes on every page and chart, so they follow the rule for names.
        foreach (var label in labels)
            if (InputText.CheckName(label, $"The label '{label}'") is { } problem) errors.Add(0, selection.LabelColumn, problem);
        if (labels.Count > MaxLabels)
        {
            errors.Add(0, selection.LabelColumn, $"The label column '{selection.LabelColumn}' has more than {MaxLabels:N0} distinct values; " +
                "check that the right column is mapped as the label.");
        }
        // JSON lines may give some rows a split and not others; a split must cover every row or none.
        if (rowsWithPart > 0 && rowsWithPart < rows)
        {
            errors.Add(0, selection.SplitColumn!, $"{rows - rowsWithPart:N0} row(s) have no '{selection.SplitColumn}' value; give every row a split, or none.");
        }
        return (reader.Columns, rows);
    }

    /// <summary>Pass 2: returns the new dataset, or null when the file no longer reads as it did in pass 1.</summary>
    private DatasetSummary? Store(Source source, string name, string createdBy, CancellationToken cancellationToken)
    {
        var datasetId = FirstVersionPublication.Reserve(db);

        try
        {
            var written = WriteRows(source, datasetId, cancellationToken);
            if (written is null)
            {
                FirstVersionPublication.RemoveQuietly(db, datasetId);
                return null;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var (rows, split) = written.Value;
            var file = new ImportedFile(source.FileName, source.Format.Name, source.Columns, source.Selection.TextColumn, source.Selection.LabelColumn);
            return db.Write(database =>
            {
                var dataset = FirstVersionPublication.Publish(database, datasetId, name, source.Task, file, rows, split, createdBy);
                if (source.Skipped is { } skipped) RejectedRows.Insert(database, datasetId, source.FileName, skipped.Kept, skipped.Total);
                return dataset;
            });
        }
        catch
        {
            FirstVersionPublication.RemoveQuietly(db, datasetId);
            throw;
        }
    }

    private (WrittenVersion Written, SplitAssignment? Split)? WriteRows(Source source, string datasetId, CancellationToken cancellationToken)
    {
        using var content = source.OpenContent();
        var errors = new ImportErrors(maxKept: 1);
        var reader = source.Format.Open(content, source.Selection, errors);
        // Rows that failed pass 1 fail again here and are left out; the file is unchanged if they fail in the same number.
        var expectedErrors = source.Skipped?.Total ?? 0;
        using var writer = new VersionWriter(db, datasetId, LabelScheme.For(source.Task));
        var parts = new List<SplitPart>();
        var leakage = new SplitLeakage();
        long index = 0;
        foreach (var row in reader.Rows(cancellationToken))
        {
            // Row ids start as positions; operations keep them, so diffs can follow a row across versions.
            writer.Add(new StoredRow(index, row.Text, row.Label), cancellationToken);
            if (row.Part is { } part)
            {
                parts.Add(part);
                leakage.Add(index, row.Text, part);
            }
            index++;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var hasSplit = parts.Count > 0;
        var split = hasSplit && parts.Count == index ? new SplitAssignment(new SplitRows(SplitMethod.Column, 0, 0, 0), parts, null) : null;
        var written = writer.Finish(hasSplit ? leakage.Warnings() : [], split, cancellationToken);

        var unchanged = errors.Total == expectedErrors && index == source.RowCount && (!hasSplit || parts.Count == index);
        if (!unchanged) return null;
        return (written, split);
    }

    private static ImportErrors FileChanged()
    {
        var errors = new ImportErrors(DatasetStore.MaxReportedErrors);
        errors.AddForFile("The file changed while it was being imported; upload it again.");
        return errors;
    }

    private static ImportResult Rejected(ImportErrors errors, IReadOnlyList<string> columns) =>
        new(null, errors.Kept.Take(DatasetStore.MaxReportedErrors).ToList(), errors.Total, columns);
}
