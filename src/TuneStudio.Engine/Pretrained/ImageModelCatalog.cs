namespace TuneStudio.Engine.Pretrained;

// Pre-trained image models, kept apart from ModelCatalog because only a text trainer exists: a run, the API and
// the run dialog read ModelCatalog, so nothing here can be picked for a text dataset. Imported torchvision
// ResNets join through Register.
public static class ImageModelCatalog
{
    private static readonly Lock Gate = new();
    private static IReadOnlyList<ImportedResNetDefinition> imported = [];

    public static IReadOnlyList<ModelInfo> All => [ResNet18Definition.Info, .. Imported.Select(definition => definition.Info)];

    public static ModelInfo? Find(string id) => All.FirstOrDefault(info => string.Equals(info.Id, id, StringComparison.Ordinal));

    public static ImportedResNetDefinition? FindImported(string id) =>
        Imported.FirstOrDefault(definition => string.Equals(definition.Info.Id, id, StringComparison.Ordinal));

    // Adds an imported model; an id already in the catalogue is refused.
    public static void Register(ImportedResNetDefinition definition)
    {
        lock (Gate)
        {
            if (definition.Info.Id == ResNet18Definition.Id || imported.Any(d => d.Info.Id == definition.Info.Id))
                throw new InvalidOperationException($"The image catalogue already has a model '{definition.Info.Id}'.");
            imported = [.. imported, definition];
        }
    }

    private static IReadOnlyList<ImportedResNetDefinition> Imported { get { lock (Gate) return imported; } }
}
