using System.Globalization;

namespace TuneStudio.Storage.Reviews;

/// <summary>
/// Gives listed rows (keyed by 0-based position in the base version) new labels in one version: what closing a review
/// makes. Its parameters and messages name rows by their 1-based number, as every page does.
/// <paramref name="Summary"/> and <paramref name="Changes"/> record who changed what, for the version's parameters.
/// </summary>
public sealed record RelabelRows(IReadOnlyDictionary<long, string> Labels, string Summary, string Changes) : DatasetOperation
{
    public const string OperationName = "review-relabel";

    public override string Name => OperationName;

    public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["summary"] = Summary,
        ["rows"] = string.Join(",", Labels.Keys.Order().Select(r => (r + 1).ToString(CultureInfo.InvariantCulture))),
        ["changes"] = Changes,
    };

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var errors = new List<ValidationError>();
        foreach (var row in Labels.Keys.Where(r => r < 0 || r >= baseVersion.RowCount))
            errors.Add(Error("row", $"Version {baseVersion.Version} has no row {row + 1}."));
        if (Labels.Values.Any(string.IsNullOrWhiteSpace)) errors.Add(Error("label", "A label is empty."));
        return errors;
    }

    internal override IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels)
    {
        long index = 0;
        foreach (var row in rows)
            yield return Labels.TryGetValue(index++, out var label) ? row with { Label = label } : row;
    }
}
