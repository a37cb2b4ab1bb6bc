namespace TuneStudio.Storage;

/// <summary>
/// One problem found in an upload. <paramref name="Row"/> is the 1-based data row: the header is not a data row,
/// and blank lines are counted (so for files without quoted line breaks it is the CSV/TSV line number minus one,
/// or the JSONL line number). It is 0 for problems with the file as a whole, the header, or the dataset name.
/// <paramref name="Field"/> is the column (as named in the file), "file", or "name".
/// </summary>
public sealed record ValidationError(long Row, string Field, string Message);
