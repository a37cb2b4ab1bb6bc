using System.Globalization;

namespace TuneStudio.Storage.Reviews;

/// <summary>
/// Gives listed rows (0-based positions in the base version) new labels in one version: what closing a review makes.
/// <paramref name="Summary"/> and <paramref name="Changes"/> record who changed what, for the version's parameters.
/// </summary>
public sealed record RelabelRows(IReadOnlyDictionary<long, string> Labels, string Summary, string Changes) : DatasetOperation
{
    public const string OperationName = "review-relabel";

    public override string Name => OperationName;

    public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["summary"] = Summary,
        ["rows"] = string.Join(",", Labels.Keys.Order().Select(r => r.ToString(CultureInfo.InvariantCulture))),
        ["changes"] = Changes,
    };

    public override IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion)
    {
        var errors = new List<ValidationError>();
        foreach (var row in Labels.Keys.Where(r => r < 0 || r >= baseVersion.RowCount))
            errors.Add(Error("row", $"Version {baseVersion.Version} has no row {row}."));
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
