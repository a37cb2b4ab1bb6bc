namespace TuneStudio.Storage;

/// <summary>
/// What a dataset's rows mean. Both store a text and a second value per row: a class label, or a sentence pair's
/// target. Pairs have no classes, so they get no label counts and no class warnings, and cannot be split by label.
/// Multi-label rows list their classes in the label column joined by <see cref="LabelSeparator"/>; counts, warnings and
/// label operations work on each class. Token classification stores a sentence's tokens and IOB2 tags, each joined
/// by single spaces; counts and label operations work on each tag. Image classification stores each image as a blob
/// and its reference in the row's text.
/// </summary>
public static class DatasetTasks
{
    public const string TextClassification = "text-classification";
    public const string SentencePairs = "sentence-pairs";
    public const string MultiLabel = "multi-label-classification";
    public const string TokenClassification = "token-classification";

    /// <summary>Images with one class each; a row's text holds its <see cref="ImageReference"/>, its label the class.</summary>
    public const string ImageClassification = "image-classification";

    /// <summary>Separates a multi-label row's labels in its label column: "sports|politics".</summary>
    public const char LabelSeparator = '|';

    public static IReadOnlyList<string> All { get; } = [TextClassification, MultiLabel, TokenClassification, SentencePairs, ImageClassification];

    /// <summary>The column names a file must use without a mapping.</summary>
    internal static (string Text, string Second) DefaultColumns(string task) =>
        task switch
        {
            SentencePairs => ("source", "target"),
            TokenClassification => ("tokens", "tags"),
            _ => ("text", "label"),
        };
}
