using System.Globalization;
using System.Text.RegularExpressions;

namespace TuneStudio.Storage;

/// <summary>
/// Drops the rows a filter matches: exactly one of a label (ordinal equality), a substring of the text (ordinal),
/// or a .NET regular expression over the text (matched with a time limit, so a pathological pattern cannot hang the studio).
/// </summary>
public sealed record DropRows(string? LabelEquals, string? TextContains, string? Pattern) : DatasetOperation
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public override string Name => DatasetOperationNames.DropRows;

    public override IReadOnlyDictionary<string, string> Parameters
    {
        get
        {
            var parameters = new Dictionary<string, string>();
            if (LabelEquals is not null) parameters["labelEquals"] = LabelEquals;
            if (TextContains is not null) parameters["textContains"] = TextContains;
            if (Pattern is not null) parameters["regex"] = Pattern;
            return parameters;
        }
    }

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var given = new[] { LabelEquals, TextContains, Pattern }.Count(v => v is not null);
        if (given != 1) return [Error("filter", "Give exactly one of labelEquals, textContains or regex.")];
        if (TextContains is "") return [Error("textContains", "The text to look for is empty; it would drop every row.")];
        if (Pattern is not null)
        {
            try
            {
                _ = new Regex(Pattern, RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException e)
            {
                return [Error("regex", $"Not a valid regular expression: {e.Message}")];
            }
        }
        return [];
    }

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels)
    {
        Func<StoredRow, bool> matches;
        // A multi-label row matches when any of its labels does.
        if (LabelEquals is not null) matches = r => labels.Classes(r.Label).Contains(LabelEquals);
        else if (TextContains is not null) matches = r => r.Text.Contains(TextContains, StringComparison.Ordinal);
        else
        {
            var regex = new Regex(Pattern!, RegexOptions.CultureInvariant, MatchTimeout);
            matches = r => regex.IsMatch(r.Text);
        }
        return rows.Where(r => !matches(r));
    }
}

/// <summary>
/// Replaces the text and/or label of row <paramref name="Row"/> of the base version: its 1-based row number, as the
/// dataset page's # column, diffs, review items and messages show it.
/// </summary>
public sealed record FixRow(long Row, string? Text, string? Label) : DatasetOperation
{
    public override string Name => DatasetOperationNames.FixRow;

    public override IReadOnlyDictionary<string, string> Parameters
    {
        get
        {
            var parameters = new Dictionary<string, string> { ["row"] = Row.ToString(CultureInfo.InvariantCulture) };
            if (Text is not null) parameters["text"] = Text;
            if (Label is not null) parameters["label"] = Label;
            return parameters;
        }
    }

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var errors = new List<ValidationError>();
        if (Row < 1 || Row > baseVersion.RowCount)
            errors.Add(Error("row", $"Version {baseVersion.Version} has rows 1 to {baseVersion.RowCount}; there is no row {Row}."));
        if (Text is null && Label is null) errors.Add(Error("text", "Give a new text, a new label, or both."));
        if (Text is "") errors.Add(Error("text", "The text is empty."));
        if (Label is not null && string.IsNullOrWhiteSpace(Label)) errors.Add(Error("label", "The label is empty."));
        return errors;
    }

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels)
    {
        long number = 0;
        foreach (var row in rows)
        {
            yield return ++number == Row ? row with { Text = Text ?? row.Text, Label = Label ?? row.Label } : row;
        }
    }
}
