namespace TuneStudio.Storage.Import;

/// <summary>Keeps the first errors for the user to read and counts all of them.</summary>
internal sealed class ImportErrors(int maxKept)
{
    private readonly List<ValidationError> _kept = [];

    public IReadOnlyList<ValidationError> Kept => _kept;

    public long Total { get; private set; }

    public bool Any => Total > 0;

    /// <summary>Problems with the file as a whole, its header or the dataset name (row 0): no row can be kept then.</summary>
    public long FileProblems { get; private set; }

    public void Add(long row, string field, string message)
    {
        Total++;
        if (row == 0) FileProblems++;
        if (_kept.Count < maxKept) _kept.Add(new ValidationError(row, field, message));
    }

    public void AddForFile(string message) => Add(0, "file", message);
}
