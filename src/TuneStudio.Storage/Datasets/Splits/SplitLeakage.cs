using System.Globalization;
using System.Text;

namespace TuneStudio.Storage;

/// <summary>
/// Finds validation and test rows whose text also appears in another part: exactly, or only after lower-casing and
/// dropping punctuation and extra whitespace ("near"). Either lets a model be graded on what it trained on.
/// </summary>
internal static class SplitLeakage
{
    public static IReadOnlyList<DatasetWarning> Find(IEnumerable<(long Index, StoredRow Row)> rows, IReadOnlyList<SplitPart> parts)
    {
        var exact = new List<(long Index, UInt128 Digest)>();
        var near = new List<(long Index, UInt128 Digest)>();
        var exactParts = new Dictionary<UInt128, byte>();
        var nearParts = new Dictionary<UInt128, byte>();
        foreach (var (index, row) in rows)
        {
            var bit = (byte)(1 << (int)parts[(int)index]);
            var e = RowDigest.Of(row.Text, "");
            var n = RowDigest.Of(Normalise(row.Text), "");
            exactParts[e] = (byte)(exactParts.GetValueOrDefault(e) | bit);
            nearParts[n] = (byte)(nearParts.GetValueOrDefault(n) | bit);
            if (parts[(int)index] == SplitPart.Train) continue;
            exact.Add((index, e));
            near.Add((index, n));
        }

        var exactFinding = new ReportBuilder.Finding();
        var nearFinding = new ReportBuilder.Finding();
        for (var i = 0; i < exact.Count; i++)
        {
            if (IsShared(exactParts[exact[i].Digest])) exactFinding.Add(exact[i].Index);
            else if (IsShared(nearParts[near[i].Digest])) nearFinding.Add(near[i].Index);
        }
        var warnings = new List<DatasetWarning>();
        exactFinding.Report(warnings, WarningKinds.ExactLeakage, c => $"{c:N0} validation/test row(s) have a text that also appears in another part.");
        nearFinding.Report(warnings, WarningKinds.NearLeakage,
            c => $"{c:N0} more validation/test row(s) match another part's text after ignoring case, punctuation and whitespace.");
        return warnings;
    }

    private static bool IsShared(byte partBits) => (partBits & (partBits - 1)) != 0;

    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = builder.Length > 0; continue; }
            if (char.IsPunctuation(c) || char.IsSymbol(c)) continue;
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
