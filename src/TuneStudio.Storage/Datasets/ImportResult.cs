namespace TuneStudio.Storage;

/// <summary>
/// The outcome of an import: a dataset, or the first <see cref="DatasetStore.MaxReportedErrors"/> errors and how many
/// there were in all. <paramref name="Columns"/> are the file's own columns, empty when they could not be read.
/// </summary>
public sealed record ImportResult(DatasetSummary? Dataset, IReadOnlyList<ValidationError> Errors, long TotalErrorCount, IReadOnlyList<string> Columns)
{
    public bool Succeeded => Dataset is not null;

    /// <summary>
    /// How many rows an import that kept the valid rows left out (0 otherwise); their problems are stored with the
    /// dataset (<see cref="DatasetStore.GetRejectedRows"/>), the first of them here.
    /// </summary>
    public long RejectedRowCount { get; init; }

    public IReadOnlyList<ValidationError> Rejected { get; init; } = [];
}
