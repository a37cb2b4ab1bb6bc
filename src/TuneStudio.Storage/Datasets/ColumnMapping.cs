namespace TuneStudio.Storage;

/// <summary>Which of the file's columns hold the text and the label. Without one, the file must have exactly "text" and "label".</summary>
public sealed record ColumnMapping(string TextColumn, string LabelColumn);
