using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine;

// Every model the studio can fine-tune, text and image: the built-in ones, then text models users imported
// (Register). A model's Info.Task says which datasets it trains on. ParameterCount is for a two-label head.
public static class ModelCatalog
{
    public const string TextClassification = "text-classification";
    public const string ImageClassification = "image-classification";

    private static readonly Lock Gate = new();
    private static readonly IReadOnlyList<ImageClassifierDefinition> ImageDefinitions = [ResNet18Definition.Definition];
    private static IReadOnlyList<TextClassifierDefinition> definitions = [new TinyTransformerDefinition(), new MiniLmDefinition()];

    public static IReadOnlyList<ModelInfo> All =>
        [.. Definitions.Select(definition => definition.Info), .. ImageDefinitions.Select(definition => definition.Info)];

    public static ModelInfo? Find(string id) => FindDefinition(id)?.Info ?? FindImageDefinition(id)?.Info;

    public static TextClassifierDefinition? FindDefinition(string id) =>
        Definitions.FirstOrDefault(definition => string.Equals(definition.Info.Id, id, StringComparison.Ordinal));

    public static ImageClassifierDefinition? FindImageDefinition(string id) =>
        ImageDefinitions.FirstOrDefault(definition => string.Equals(definition.Info.Id, id, StringComparison.Ordinal));

    // Adds an imported model; an id already in the catalogue is refused.
    public static void Register(TextClassifierDefinition definition)
    {
        lock (Gate)
        {
            if (All.Any(info => info.Id == definition.Info.Id))
                throw new InvalidOperationException($"The catalogue already has a model '{definition.Info.Id}'.");
            definitions = [.. definitions, definition];
        }
    }

    private static IReadOnlyList<TextClassifierDefinition> Definitions { get { lock (Gate) return definitions; } }
}
