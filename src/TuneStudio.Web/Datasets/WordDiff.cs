using System.Text.RegularExpressions;

namespace TuneStudio.Web.Datasets;

// A stretch of text, marked when it is not in the other side of a comparison.
public sealed record TextSegment(string Text, bool Changed);

// Which words of two texts the other lacks: a longest common subsequence over words, so a dropped word is marked
// in the first text, and a swapped pair or a typo in the second. Whitespace is never marked.
public static partial class WordDiff
{
    // Beyond this many word pairs the table would cost too much for a preview: then differing texts are marked whole.
    private const long MaxCells = 250_000;

    public static (IReadOnlyList<TextSegment> Before, IReadOnlyList<TextSegment> After) Compare(string before, string after)
    {
        var a = Tokens().Matches(before).Select(m => m.Value).ToList();
        var b = Tokens().Matches(after).Select(m => m.Value).ToList();
        var wordsA = a.Where(IsWord).ToList();
        var wordsB = b.Where(IsWord).ToList();
        bool[] keptA, keptB;
        if ((long)wordsA.Count * wordsB.Count > MaxCells)
        {
            keptA = Enumerable.Repeat(before == after, wordsA.Count).ToArray();
            keptB = Enumerable.Repeat(before == after, wordsB.Count).ToArray();
        }
        else
        {
            (keptA, keptB) = CommonWords(wordsA, wordsB);
        }
        return (Segments(a, keptA), Segments(b, keptB));
    }

    private static (bool[] KeptA, bool[] KeptB) CommonWords(List<string> a, List<string> b)
    {
        // lengths[i, j]: the longest common subsequence of a[i..] and b[j..].
        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
            for (var j = b.Count - 1; j >= 0; j--)
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);

        var keptA = new bool[a.Count];
        var keptB = new bool[b.Count];
        for (int i = 0, j = 0; i < a.Count && j < b.Count;)
        {
            if (a[i] == b[j]) { keptA[i++] = true; keptB[j++] = true; }
            else if (lengths[i + 1, j] >= lengths[i, j + 1]) i++;
            else j++;
        }
        return (keptA, keptB);
    }

    private static List<TextSegment> Segments(List<string> tokens, bool[] keptWords)
    {
        var segments = new List<TextSegment>();
        var word = 0;
        foreach (var token in tokens)
        {
            var changed = IsWord(token) && !keptWords[word++];
            if (segments.Count > 0 && segments[^1].Changed == changed)
                segments[^1] = segments[^1] with { Text = segments[^1].Text + token };
            else
                segments.Add(new TextSegment(token, changed));
        }
        return segments;
    }

    private static bool IsWord(string token) => !char.IsWhiteSpace(token[0]);

    [GeneratedRegex(@"\s+|\S+")]
    private static partial Regex Tokens();
}
