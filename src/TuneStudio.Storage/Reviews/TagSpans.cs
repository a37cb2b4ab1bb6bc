namespace TuneStudio.Storage.Reviews;

/// <summary>
/// A sentence's IOB2 tags as spans of entity types: the review editor changes a run of tokens to one entity (or to
/// "O") through <see cref="Label"/>, which writes the B-/I- prefixes, so an annotator never types one. Tags of a row
/// are joined by single spaces, as token-classification datasets store them.
/// </summary>
public static class TagSpans
{
    public const string Outside = "O";

    /// <summary>The entity types the tags name ("B-PER", "I-PER" → "PER"), in ordinal order.</summary>
    public static IReadOnlyList<string> EntityTypes(IEnumerable<string> tags) =>
        tags.Where(IsEntityTag).Select(t => t[2..]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The entity type of a tag, or null for "O".</summary>
    public static string? TypeOf(string tag) => IsEntityTag(tag) ? tag[2..] : null;

    /// <summary>
    /// Tokens <paramref name="first"/>..<paramref name="last"/> become one entity of <paramref name="type"/> (B- then I-),
    /// or "O" when it is null. A token right after the run that continued an entity (I-X) now starts one (B-X), so the
    /// result stays valid IOB2 whatever the run cut through.
    /// </summary>
    public static string[] Label(IReadOnlyList<string> tags, int first, int last, string? type)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (first > last) (first, last) = (last, first);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(last, tags.Count);
        var result = tags.ToArray();
        for (var i = first; i <= last; i++)
            result[i] = type is null ? Outside : (i == first ? "B-" : "I-") + type;
        if (last + 1 < result.Length && result[last + 1].StartsWith("I-", StringComparison.Ordinal))
            result[last + 1] = "B-" + result[last + 1][2..];
        return result;
    }

    /// <summary>
    /// Why <paramref name="tags"/> is not a valid answer for a sentence of <paramref name="tokenCount"/> tokens whose
    /// entities may be <paramref name="types"/>; null when it is.
    /// </summary>
    public static string? Problem(int tokenCount, string tags, IReadOnlyCollection<string> types)
    {
        var list = tags.Split(' ');
        if (list.Length != tokenCount) return $"The sentence has {tokenCount} tokens but the answer has {list.Length} tags.";
        for (var i = 0; i < list.Length; i++)
        {
            var tag = list[i];
            if (tag == Outside) continue;
            if (!IsEntityTag(tag))
                return $"'{tag}' at token {i + 1} is not an IOB2 tag; use O, B-TYPE or I-TYPE.";
            if (!types.Contains(tag[2..]))
                return $"'{tag}' at token {i + 1} names no entity type of this task: {string.Join(", ", types)}.";
            if (tag[0] == 'I' && (i == 0 || TypeOf(list[i - 1]) != tag[2..]))
                return $"'{tag}' at token {i + 1} follows {(i == 0 ? "the start of the sentence" : $"'{list[i - 1]}'")}; an I-{tag[2..]} must follow B-{tag[2..]} or I-{tag[2..]}.";
        }
        return null;
    }

    private static bool IsEntityTag(string tag) => tag.Length > 2 && tag[1] == '-' && tag[0] is 'B' or 'I';
}
