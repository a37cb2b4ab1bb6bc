namespace TuneStudio.Storage;

/// <summary>
/// What a dataset's rows mean. Both store a text and a second value per row: a class label, or a sentence pair's
/// target. Pairs have no classes, so they get no label counts and no class warnings, and cannot be split by label.
/// </summary>
public static class DatasetTasks
{
    public const string TextClassification = "text-classification";
    public const string SentencePairs = "sentence-pairs";

    public static IReadOnlyList<string> All { get; } = [TextClassification, SentencePairs];

    internal static bool HasClasses(string task) => task != SentencePairs;

    /// <summary>The column names a file must use without a mapping.</summary>
    internal static (string Text, string Second) DefaultColumns(string task) =>
        task == SentencePairs ? ("source", "target") : ("text", "label");
}
