namespace TuneStudio.Engine.Pretrained;

// Pre-trained image models, kept apart from ModelCatalog because only a text trainer exists: a run, the API and
// the run dialog read ModelCatalog, so nothing here can be picked for a text dataset.
public static class ImageModelCatalog
{
    public static IReadOnlyList<ModelInfo> All { get; } = [ResNet18Definition.Info];

    public static ModelInfo? Find(string id) => All.FirstOrDefault(info => string.Equals(info.Id, id, StringComparison.Ordinal));
}
