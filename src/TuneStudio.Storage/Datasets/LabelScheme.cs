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
    public static readonly LabelScheme Tags = new(hasClasses: true, separator: ' ', keepsRepeats: true);

    private readonly char? _separator;
    private readonly bool _keepsRepeats;

    private LabelScheme(bool hasClasses, char? separator, bool keepsRepeats = false)
    {
        HasClasses = hasClasses;
        _separator = separator;
        _keepsRepeats = keepsRepeats;
    }

    public bool HasClasses { get; }

    public static LabelScheme For(string task) => task switch
    {
        DatasetTasks.SentencePairs => None,
        DatasetTasks.MultiLabel => Multiple,
        DatasetTasks.TokenClassification => Tags,
        _ => Single,
    };

    public IEnumerable<string> Classes(string label) =>
        !HasClasses ? [] : _separator is { } separator ? label.Split(separator) : [label];

    /// <summary>
    /// Maps each class of a label; a multi-label row keeps each resulting class once, in first-seen order, while a
    /// sentence keeps one tag per token.
    /// </summary>
    public string Map(string label, Func<string, string> map)
    {
        if (_separator is not { } separator) return map(label);
        var mapped = label.Split(separator).Select(map);
        return string.Join(separator, _keepsRepeats ? mapped : mapped.Distinct(StringComparer.Ordinal));
    }
}
