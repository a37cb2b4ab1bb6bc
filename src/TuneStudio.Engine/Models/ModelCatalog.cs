using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine;

// Every model the studio can fine-tune, text and image: the built-in ones, then those users imported (Register).
// A model's Info.Task says which datasets it trains on (Fits). ParameterCount is for a two-label head.
public static class ModelCatalog
{
    public const string TextClassification = "text-classification";
    public const string ImageClassification = "image-classification";
    public const string TokenClassification = "token-classification";

    public static string TaskName(TrainingTask task) => task switch
    {
        TrainingTask.TokenClassification => TokenClassification,
        TrainingTask.ImageClassification => ImageClassification,
        _ => TextClassification,
    };

    // A WordPiece text encoder also tags tokens (a head per token); otherwise the model's own task must match.
    public static bool Fits(ModelInfo model, string task) => task == TokenClassification
        ? FindDefinition(model.Id)?.SupportsTokenClassification == true
        : model.Task == task;

    public static IReadOnlyList<string> Tasks { get; } = [TextClassification, TokenClassification, ImageClassification];

    // The tasks a model trains, its own first.
    public static IReadOnlyList<string> TasksOf(ModelInfo model) =>
        [model.Task, .. Tasks.Where(task => task != model.Task && Fits(model, task))];

    public static IReadOnlyList<ModelInfo> ForTask(string task) => All.Where(model => Fits(model, task)).ToList();

    private static readonly Lock Gate = new();
    private static IReadOnlyList<ImageClassifierDefinition> imageDefinitions = [ResNet18Definition.Definition];
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
            RefuseTaken(definition.Info.Id);
            definitions = [.. definitions, definition];
        }
    }

    public static void Register(ImageClassifierDefinition definition)
    {
        lock (Gate)
        {
            RefuseTaken(definition.Info.Id);
            imageDefinitions = [.. imageDefinitions, definition];
        }
    }

    private static void RefuseTaken(string id)
    {
        if (All.Any(info => info.Id == id)) throw new InvalidOperationException($"The catalogue already has a model '{id}'.");
    }

    private static IReadOnlyList<TextClassifierDefinition> Definitions { get { lock (Gate) return definitions; } }

    private static IReadOnlyList<ImageClassifierDefinition> ImageDefinitions { get { lock (Gate) return imageDefinitions; } }
}
