using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks;

namespace TuneStudio.Engine;

// Every model a studio can fine-tune, text and image: the built-in ones, then those its users imported (Register).
// An instance, owned by the host: two studios in one process (tests) never see each other's imports. The built-in
// definitions are shared (their parsed weights are cached per process); BuiltIn is a catalogue of those alone that
// refuses imports, for code that never sees an imported model (engine tests, tools). Which tasks a model trains is
// the task registry's call (ITrainingTask.Fits). ParameterCount is for a two-label head.
public sealed class ModelCatalog
{
    private static readonly IReadOnlyList<ModelDefinition> BuiltInDefinitions =
        [new TinyTransformerDefinition(), new MiniLmDefinition(), ResNet18Definition.Definition];

    public static ModelCatalog BuiltIn { get; } = new(TaskRegistry.BuiltIn, readOnly: true);

    private readonly Lock gate = new();
    private readonly bool readOnly;
    private IReadOnlyList<Entry> entries;

    public ModelCatalog(TaskRegistry? tasks = null) : this(tasks ?? TaskRegistry.BuiltIn, readOnly: false) { }

    private ModelCatalog(TaskRegistry tasks, bool readOnly)
    {
        Tasks = tasks;
        this.readOnly = readOnly;
        entries = BuiltInDefinitions.Select(Describe).ToList();
    }

    public TaskRegistry Tasks { get; }

    public IReadOnlyList<ModelDefinition> Definitions => Entries.Select(entry => entry.Definition).ToList();

    // Each model with the tasks it trains (its own task first).
    public IReadOnlyList<ModelInfo> All => Entries.Select(entry => entry.Info).ToList();

    public ModelInfo? Find(string id) => FindEntry(id)?.Info;

    public ModelDefinition? Definition(string id) => FindEntry(id)?.Definition;

    public TextClassifierDefinition? FindDefinition(string id) => Definition(id) as TextClassifierDefinition;

    public ImageClassifierDefinition? FindImageDefinition(string id) => Definition(id) as ImageClassifierDefinition;

    public bool Fits(ModelInfo model, string task) =>
        Definition(model.Id) is { } definition && Tasks.Find(task) is { } trainingTask && trainingTask.Fits(definition);

    public IReadOnlyList<ModelInfo> ForTask(string task) => All.Where(model => Fits(model, task)).ToList();

    // Adds an imported model; an id already in the catalogue is refused.
    public void Register(ModelDefinition definition)
    {
        if (readOnly) throw new InvalidOperationException("The built-in catalogue takes no imports; register into the studio's own catalogue.");
        var entry = Describe(definition);
        lock (gate)
        {
            if (entries.Any(existing => existing.Info.Id == definition.Info.Id))
                throw new InvalidOperationException($"The catalogue already has a model '{definition.Info.Id}'.");
            entries = [.. entries, entry];
        }
    }

    // An import's new display name; its definition (and every run's reference by id) stays.
    public bool Rename(string id, string name)
    {
        if (readOnly) throw new InvalidOperationException("The built-in catalogue's models cannot be renamed.");
        lock (gate)
        {
            var list = entries.ToList();
            var index = list.FindIndex(entry => entry.Info.Id == id);
            if (index < 0) return false;
            list[index] = list[index] with { Info = list[index].Info with { Name = name } };
            entries = list;
            return true;
        }
    }

    // Takes an import out of the catalogue (its caller checks no run uses it); the definition's cached weights go too.
    public bool Remove(string id)
    {
        if (readOnly) throw new InvalidOperationException("The built-in catalogue's models cannot be removed.");
        lock (gate)
        {
            var entry = entries.FirstOrDefault(e => e.Info.Id == id);
            if (entry is null) return false;
            entries = entries.Where(e => e != entry).ToList();
            entry.Definition.ReleaseCachedWeights();
            return true;
        }
    }

    private IReadOnlyList<Entry> Entries { get { lock (gate) return entries; } }

    private Entry? FindEntry(string id) => Entries.FirstOrDefault(entry => string.Equals(entry.Info.Id, id, StringComparison.Ordinal));

    // Definitions and tasks never change, so a model's tasks are worked out once, when it joins; its methods are every
    // method it takes (the run dialog's list), not only those its definition names.
    private Entry Describe(ModelDefinition definition) => new(definition, definition.Info with
    {
        Tasks = [definition.Info.Task, .. Tasks.All.Where(task => task.Name != definition.Info.Task && task.Fits(definition)).Select(task => task.Name)],
        Methods = Enum.GetValues<FineTuneMethod>().Where(method => TrainingConfig.SupportsMethod(definition.Info, method)).ToList(),
    });

    private sealed record Entry(ModelDefinition Definition, ModelInfo Info);
}
