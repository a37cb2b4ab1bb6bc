using TuneStudio.Engine.Tasks;
using TuneStudio.Storage;

namespace TuneStudio.Web.Runs;

// Which registered training task learns each kind of stored dataset: the one place where the storage's dataset
// kinds (DatasetTasks) meet the engine's task names (TaskNames). A new task for a dataset kind adds one line.
public static class DatasetTrainingTasks
{
    private static readonly Dictionary<string, string> TaskByKind = new(StringComparer.Ordinal)
    {
        [DatasetTasks.TextClassification] = TaskNames.TextClassification,
        [DatasetTasks.TokenClassification] = TaskNames.TokenClassification,
        [DatasetTasks.ImageClassification] = TaskNames.ImageClassification,
        [DatasetTasks.MultiLabel] = TaskNames.MultiLabelClassification,
        [DatasetTasks.SentencePairs] = TaskNames.SentenceEmbedding,
    };

    // The task a run on this dataset trains; null when no task learns its kind.
    public static string? TaskFor(string datasetKind) => TaskByKind.GetValueOrDefault(datasetKind);

    public static IReadOnlyList<string> TrainableKinds => [.. TaskByKind.Keys];
}
