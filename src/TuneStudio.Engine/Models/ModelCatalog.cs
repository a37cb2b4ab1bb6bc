using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine;

// Models the studio can fine-tune: the built-in ones, then those users imported (Register). ParameterCount is
// for a two-label head.
public static class ModelCatalog
{
    private static readonly Lock Gate = new();
    private static IReadOnlyList<TextClassifierDefinition> definitions = [new TinyTransformerDefinition(), new MiniLmDefinition()];

    public static IReadOnlyList<ModelInfo> All => Definitions.Select(definition => definition.Info).ToList();

    public static ModelInfo? Find(string id) => FindDefinition(id)?.Info;

    public static TextClassifierDefinition? FindDefinition(string id) =>
        Definitions.FirstOrDefault(definition => string.Equals(definition.Info.Id, id, StringComparison.Ordinal));

    // Adds an imported model; an id already in the catalogue is refused.
    public static void Register(TextClassifierDefinition definition)
    {
        lock (Gate)
        {
            if (definitions.Any(d => d.Info.Id == definition.Info.Id))
                throw new InvalidOperationException($"The catalogue already has a model '{definition.Info.Id}'.");
            definitions = [.. definitions, definition];
        }
    }

    private static IReadOnlyList<TextClassifierDefinition> Definitions { get { lock (Gate) return definitions; } }
}
