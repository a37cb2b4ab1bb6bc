using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine;

// Models the studio can fine-tune. ParameterCount is for a two-label head.
public static class ModelCatalog
{
    private static readonly IReadOnlyList<TextClassifierDefinition> Definitions = [new TinyTransformerDefinition(), new MiniLmDefinition()];

    public static IReadOnlyList<ModelInfo> All { get; } = Definitions.Select(definition => definition.Info).ToList();

    public static ModelInfo? Find(string id) => FindDefinition(id)?.Info;

    public static TextClassifierDefinition? FindDefinition(string id) =>
        Definitions.FirstOrDefault(definition => string.Equals(definition.Info.Id, id, StringComparison.Ordinal));
}
