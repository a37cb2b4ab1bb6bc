namespace TuneStudio.Storage;

/// <summary>
/// How a row's stored label holds classes: one class (text classification), several joined by
/// <see cref="DatasetTasks.LabelSeparator"/> (multi-label), or none (sentence pairs, whose second value is a target).
/// Counting, checks and label operations go through it, so they treat "a|b" as the classes a and b.
/// </summary>
internal sealed class LabelScheme
{
    public static readonly LabelScheme Single = new(hasClasses: true, separator: null);
    public static readonly LabelScheme Multiple = new(hasClasses: true, separator: DatasetTasks.LabelSeparator);
    public static readonly LabelScheme None = new(hasClasses: false, separator: null);

    private readonly char? _separator;

    private LabelScheme(bool hasClasses, char? separator)
    {
        HasClasses = hasClasses;
        _separator = separator;
    }

    public bool HasClasses { get; }

    public static LabelScheme For(string task) => task switch
    {
        DatasetTasks.SentencePairs => None,
        DatasetTasks.MultiLabel => Multiple,
        _ => Single,
    };

    public IEnumerable<string> Classes(string label) =>
        !HasClasses ? [] : _separator is { } separator ? label.Split(separator) : [label];

    /// <summary>Maps each class of a label; a multi-label row keeps each resulting class once, in first-seen order.</summary>
    public string Map(string label, Func<string, string> map) =>
        _separator is { } separator ? string.Join(separator, label.Split(separator).Select(map).Distinct(StringComparer.Ordinal)) : map(label);
}
