using LiteDB;

namespace TuneStudio.Storage.Reviews;

/// <summary>What a label means: a description and a few example texts, plain text.</summary>
public sealed class LabelDefinition
{
    public string Description { get; set; } = "";
    public string Examples { get; set; } = "";
}

public sealed class LabelDefinitionsDocument
{
    public string Id { get; set; } = "";
    public Dictionary<string, LabelDefinition> Labels { get; set; } = new();
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// Label definitions kept per dataset version. A version without its own inherits its parent's (walking the parent
/// chain), so a new version carries them on, and editing them on a version leaves older versions' definitions alone.
/// </summary>
public sealed class LabelDefinitionStore(StudioDatabase db)
{
    public const string Collection = "label_definitions";

    private static string Key(string datasetId, int version) => $"{datasetId}/{version}";

    public IReadOnlyDictionary<string, LabelDefinition> Get(string datasetId, int version)
    {
        var datasets = new DatasetStore(db);
        for (int? v = version; v is { } current;)
        {
            var stored = db.Read(database => database.GetCollection<LabelDefinitionsDocument>(Collection).FindById(Key(datasetId, current)));
            if (stored is not null) return stored.Labels;
            v = datasets.GetVersion(datasetId, current)?.ParentVersion;
        }
        return new Dictionary<string, LabelDefinition>();
    }

    // Each problem as (field, message): definitions are notes, bounded like every other free text.
    public static IReadOnlyList<(string Field, string Message)> Problems(IReadOnlyDictionary<string, LabelDefinition> labels)
    {
        var problems = new List<(string, string)>();
        if (labels.Count > 1_000) problems.Add(("labels", $"{labels.Count:N0} definitions; a version has at most 1,000 labels."));
        foreach (var (label, definition) in labels)
        {
            if (InputText.CheckNote(definition?.Description, $"The description of '{label}'") is { } description) problems.Add(($"{label}.description", description));
            if (InputText.CheckNote(definition?.Examples, $"The examples of '{label}'") is { } examples) problems.Add(($"{label}.examples", examples));
        }
        return problems;
    }

    public void Save(string datasetId, int version, IReadOnlyDictionary<string, LabelDefinition> labels, string by)
    {
        if (Problems(labels) is [var first, ..]) throw new ArgumentException($"{first.Field}: {first.Message}", nameof(labels));
        Write(datasetId, version, labels, by);
    }

    private void Write(string datasetId, int version, IReadOnlyDictionary<string, LabelDefinition> labels, string by) =>
        db.Write(database => database.GetCollection<LabelDefinitionsDocument>(Collection).Upsert(new LabelDefinitionsDocument
        {
            Id = Key(datasetId, version),
            Labels = labels.ToDictionary(l => l.Key, l => new LabelDefinition { Description = (l.Value?.Description ?? "").Trim(), Examples = (l.Value?.Examples ?? "").Trim() }),
            UpdatedBy = by,
            UpdatedAt = DateTime.UtcNow,
        }));
}
