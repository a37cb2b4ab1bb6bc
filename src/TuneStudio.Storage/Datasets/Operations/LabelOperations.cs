namespace TuneStudio.Storage;

/// <summary>Gives every row labelled one of <paramref name="Labels"/> the label <paramref name="Into"/>.</summary>
public sealed record MergeLabels(IReadOnlyList<string> Labels, string Into) : DatasetOperation
{
    public override string Name => DatasetOperationNames.MergeLabels;

    public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["labels"] = string.Join("\n", Labels),
        ["into"] = Into,
    };

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var errors = new List<ValidationError>();
        if (Labels.Count == 0) errors.Add(Error("labels", "Name at least one label to merge."));
        foreach (var label in Labels.Where(l => !baseVersion.LabelCounts.ContainsKey(l)))
            errors.Add(Error("labels", $"Version {baseVersion.Version} has no label '{label}'."));
        if (string.IsNullOrWhiteSpace(Into)) errors.Add(Error("into", "Name the label to merge into."));
        else if (InputText.CheckName(Into, "The new label") is { } problem) errors.Add(Error("into", problem));
        return errors;
    }

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels)
    {
        var merged = Labels.ToHashSet(StringComparer.Ordinal);
        return rows.Select(r => r with { Label = labels.Map(r.Label, l => merged.Contains(l) ? Into : l) });
    }
}

/// <summary>Renames one label. Renaming onto a label that already exists is a merge, and must be asked for as one.</summary>
public sealed record RenameLabel(string From, string To) : DatasetOperation
{
    public override string Name => DatasetOperationNames.RenameLabel;

    public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["from"] = From, ["to"] = To };

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var errors = new List<ValidationError>();
        if (!baseVersion.LabelCounts.ContainsKey(From ?? "")) errors.Add(Error("from", $"Version {baseVersion.Version} has no label '{From}'."));
        if (string.IsNullOrWhiteSpace(To)) errors.Add(Error("to", "Name the new label."));
        else if (InputText.CheckName(To, "The new label") is { } problem) errors.Add(Error("to", problem));
        else if (To != From && baseVersion.LabelCounts.ContainsKey(To))
            errors.Add(Error("to", $"The label '{To}' already exists; use merge-labels to combine labels."));
        return errors;
    }

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels) =>
        rows.Select(r => r with { Label = labels.Map(r.Label, l => l == From ? To : l) });
}
