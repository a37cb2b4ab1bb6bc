using TuneStudio.Engine.Tasks.ImageClassification;
using TuneStudio.Engine.Tasks.MultiLabel;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tasks.TextClassification;
using TuneStudio.Engine.Tasks.TokenClassification;

namespace TuneStudio.Engine.Tasks;

// Every training task a studio offers, as PEFT's mapping lists its methods: a task is a folder under Tasks/ plus
// one line in BuiltInTasks. Validation, the worker, the plan preview, the batch finder, exports and the pages ask
// this table; none of them switches on a task's name. An instance can add tasks (With), so a test can train one
// that exists only in the test project.
public sealed class TaskRegistry
{
    private static readonly IReadOnlyList<ITrainingTask> BuiltInTasks =
    [
        new TextClassificationPlugin(),
        new TokenClassificationPlugin(),
        new ImageClassificationPlugin(),
        new MultiLabelClassificationPlugin(),
        new SentenceEmbeddingPlugin(),
    ];

    public static TaskRegistry BuiltIn { get; } = new(BuiltInTasks);

    private TaskRegistry(IReadOnlyList<ITrainingTask> tasks) => All = tasks;

    public IReadOnlyList<ITrainingTask> All { get; }

    public IReadOnlyList<string> Names => All.Select(task => task.Name).ToList();

    public ITrainingTask? Find(string? name) => All.FirstOrDefault(task => string.Equals(task.Name, name, StringComparison.Ordinal));

    public ITrainingTask Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown task '{name}'; the studio trains {string.Join(", ", Names)}.");

    // This registry plus one more task; a name already taken is refused.
    public TaskRegistry With(ITrainingTask task)
    {
        if (Find(task.Name) is not null) throw new InvalidOperationException($"A task named '{task.Name}' is already registered.");
        return new TaskRegistry([.. All, task]);
    }
}
