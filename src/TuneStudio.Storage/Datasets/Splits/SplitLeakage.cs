using System.Globalization;
using System.Text;

namespace TuneStudio.Storage;

/// <summary>
/// Finds validation and test rows whose text also appears in another part: exactly, or only after lower-casing and
/// dropping punctuation and extra whitespace ("near"). Either lets a model be graded on what it trained on.
/// </summary>
internal sealed class SplitLeakage
{
    private readonly List<(long Index, UInt128 Digest)> _exact = [];
    private readonly List<(long Index, UInt128 Digest)> _near = [];
    private readonly Dictionary<UInt128, byte> _exactParts = [];
    private readonly Dictionary<UInt128, byte> _nearParts = [];

    public static IReadOnlyList<DatasetWarning> Find(IEnumerable<(long Index, StoredRow Row)> rows, IReadOnlyList<SplitPart> parts)
    {
        var leakage = new SplitLeakage();
        foreach (var (index, row) in rows) leakage.Add(index, row.Text, parts[(int)index]);
        return leakage.Warnings();
    }

    /// <summary>Adds one row as rows stream past; memory grows by two 16-byte digests per row.</summary>
    public void Add(long index, string text, SplitPart part)
    {
        var bit = (byte)(1 << (int)part);
        var e = RowDigest.Of(text, "");
        var n = RowDigest.Of(Normalise(text), "");
        _exactParts[e] = (byte)(_exactParts.GetValueOrDefault(e) | bit);
        _nearParts[n] = (byte)(_nearParts.GetValueOrDefault(n) | bit);
        if (part == SplitPart.Train) return;
        _exact.Add((index, e));
        _near.Add((index, n));
    }

    public IReadOnlyList<DatasetWarning> Warnings()
    {
        var (exact, near, exactParts, nearParts) = (_exact, _near, _exactParts, _nearParts);
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
