namespace TuneStudio.Storage;

/// <summary>
/// A change that makes a new version from a base version; the base is never touched. Operations keep each row's id,
/// so a diff shows an edited row as changed rather than removed and added.
/// </summary>
public abstract record DatasetOperation
{
    public abstract string Name { get; }

    /// <summary>What the version records about how it was made.</summary>
    public virtual IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>();

    /// <summary>Problems with the request against the base version, each naming the request field; empty when it can run.</summary>
    public virtual IReadOnlyList<ValidationError> Check(DatasetVersionInfo baseVersion) => [];

    internal abstract IEnumerable<StoredRow> Apply(IEnumerable<StoredRow> rows, LabelScheme labels);

    private protected static ValidationError Error(string field, string message) => new(0, field, message);
}
