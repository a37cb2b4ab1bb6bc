using System.Text;

namespace TuneStudio.Storage;

/// <summary>Removes leading and trailing whitespace from texts and labels (a label that would become empty is kept).</summary>
public sealed record TrimWhitespace : DatasetOperation
{
    public override string Name => DatasetOperationNames.Trim;

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels) =>
        rows.Select(r => r with { Text = r.Text.Trim(), Label = r.Label.Trim() is { Length: > 0 } label ? label : r.Label });
}

/// <summary>Puts texts and labels in Unicode normalization form C, so "é" typed two ways is one string.</summary>
public sealed record NormalizeUnicode : DatasetOperation
{
    public override string Name => DatasetOperationNames.NormalizeUnicode;

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels) =>
        rows.Select(r => r with { Text = r.Text.Normalize(NormalizationForm.FormC), Label = r.Label.Normalize(NormalizationForm.FormC) });
}

/// <summary>Keeps the first of rows with the same text and label.</summary>
public sealed record DropDuplicates : DatasetOperation
{
    public override string Name => DatasetOperationNames.DropDuplicates;

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels)
    {
        // Hashes rather than strings: a million rows cost 32 MB of digests, not a copy of every text.
        var seen = new HashSet<UInt128>();
        foreach (var row in rows)
        {
            if (seen.Add(RowDigest.Of(row.Text, row.Label))) yield return row;
        }
    }
}

/// <summary>Drops rows whose text is empty or only whitespace.</summary>
public sealed record DropEmpty : DatasetOperation
{
    public override string Name => DatasetOperationNames.DropEmpty;

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels) => rows.Where(r => !string.IsNullOrWhiteSpace(r.Text));
}
