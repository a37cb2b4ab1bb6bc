namespace TuneStudio.Storage;

/// <summary>One stored example. <paramref name="Index"/> is its 0-based position in the version.</summary>
public sealed record DatasetRow(long Index, string Text, string Label);
