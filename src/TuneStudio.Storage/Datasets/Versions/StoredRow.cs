namespace TuneStudio.Storage;

/// <summary>
/// A row as versions store it. <paramref name="Id"/> is the row's identity across versions: an operation that edits a
/// row keeps its id, so a diff can tell "changed" from "removed and added". Ids are unique within a version.
/// </summary>
internal readonly record struct StoredRow(long Id, string Text, string Label);
