using System.Reflection;
using System.Text.RegularExpressions;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Tasks;

// A task's name has one spelling: its constant. A string literal of it anywhere else in src/ would only match the
// constant by luck, which is how the studio used to tell tasks apart.
public sealed class TaskVocabularyTests
{
    private static readonly string[] Vocabulary =
    [
        Path.Combine("src", "TuneStudio.Engine", "Tasks", "TaskNames.cs"),
        Path.Combine("src", "TuneStudio.Storage", "Datasets", "DatasetTasks.cs"),
    ];

    [Fact]
    public void No_task_or_dataset_kind_is_spelled_as_a_string_literal_outside_its_vocabulary()
    {
        var names = Constants(typeof(TaskNames)).Concat(Constants(typeof(DatasetTasks))).Distinct().ToList();
        Assert.Contains("text-classification", names);
        var literal = new Regex($"\"({string.Join("|", names.Select(Regex.Escape))})\"");
        var src = Path.Combine(RepoFiles.Root, "src");

        var offenders = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".razor", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(file => !Vocabulary.Any(allowed => file.EndsWith(allowed, StringComparison.Ordinal)))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(entry => literal.IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(RepoFiles.Root, entry.file)}:{entry.index + 1}: {entry.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Task names spelled as literals:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_dataset_kind_a_run_trains_maps_to_a_registered_task()
    {
        foreach (var kind in DatasetTrainingTasks.TrainableKinds)
            Assert.NotNull(Engine.Tasks.TaskRegistry.BuiltIn.Find(DatasetTrainingTasks.TaskFor(kind)));
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);
}
