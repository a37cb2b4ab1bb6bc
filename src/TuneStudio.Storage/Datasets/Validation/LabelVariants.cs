namespace TuneStudio.Storage;

/// <summary>
/// Labels that are probably one label typed two ways: the same once trimmed and lower-cased ("Male " and "male"), or,
/// where <c>nearMisses</c> is on, one letter added, dropped, changed or swapped ("femal" and "female"). A near miss needs
/// both labels to be at least <see cref="MinNearMissLength"/> characters and the edit to involve no digit, so short codes
/// ("pos"/"neg") and numbered classes ("class1"/"class2") are never flagged. Token tags are checked for case only:
/// "B-PER" and "I-PER" differ by one letter on purpose.
/// </summary>
internal static class LabelVariants
{
    public const int MinNearMissLength = 4;

    public static List<List<string>> Groups(IReadOnlyList<string> labels, bool nearMisses)
    {
        var parent = Enumerable.Range(0, labels.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        var keys = labels.Select(Key).ToArray();
        for (var a = 0; a < labels.Count; a++)
        for (var b = a + 1; b < labels.Count; b++)
        {
            if (keys[a] == keys[b] || (nearMisses && OneEditApart(keys[a], keys[b]))) parent[Root(b)] = Root(a);
        }
        return Enumerable.Range(0, labels.Count).GroupBy(Root)
            .Where(g => g.Count() > 1)
            .Select(g => g.Select(i => labels[i]).ToList())
            .ToList();
    }

    public static bool DifferOnlyByCaseOrSpace(IEnumerable<string> group) => group.Select(Key).Distinct().Count() == 1;

    private static string Key(string label) => label.Trim().ToLowerInvariant();

    /// <summary>True when one insertion, deletion, substitution or swap of neighbours, none of a digit, turns a into b.</summary>
    private static bool OneEditApart(string a, string b)
    {
        if (Math.Min(a.Length, b.Length) < MinNearMissLength || Math.Abs(a.Length - b.Length) > 1 || a == b) return false;
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        int endA = a.Length, endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) { endA--; endB--; }
        var onlyA = a[start..endA];
        var onlyB = b[start..endB];
        if (onlyA.Any(char.IsDigit) || onlyB.Any(char.IsDigit)) return false;
        // What is left after the common start and end is the edit: one character against none or one, or a swapped pair.
        return (onlyA.Length, onlyB.Length) switch
        {
            (0, 1) or (1, 0) or (1, 1) => true,
            (2, 2) => onlyA[0] == onlyB[1] && onlyA[1] == onlyB[0],
            _ => false,
        };
    }
}
