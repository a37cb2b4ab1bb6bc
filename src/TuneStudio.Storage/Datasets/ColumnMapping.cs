namespace TuneStudio.Storage;

/// <summary>
/// Which of the file's columns hold the text and the label, and optionally which holds each row's part
/// (train/validation/test). Without a mapping the file must have "text" and "label", and may have "split".
/// </summary>
public sealed record ColumnMapping(string TextColumn, string LabelColumn)
{
    public string? SplitColumn { get; init; }
}
