using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.MultiLabel;

// Multi-label text classification in the registry: any number of classes per text (a stored row's label lists them
// joined by '|'), any text model, every method.
public sealed class MultiLabelClassificationPlugin : ITrainingTask
{
    public const string MicroF1 = "val/micro_f1", MacroF1 = "val/macro_f1", SubsetAccuracy = "val/subset_accuracy", HammingLoss = "val/hamming_loss";

    public TaskDescription Description { get; } = new()
    {
        Name = TaskNames.MultiLabelClassification,
        Title = "Multi-label classification",
        Metrics =
        [
            new(ClassificationTaskMetrics.Loss, "Validation loss", MetricMode.Min),
            new(MicroF1, "Micro-F1", MetricMode.Max),
            new(MacroF1, "Macro-F1", MetricMode.Max),
            new(SubsetAccuracy, "Subset accuracy", MetricMode.Max),
            new(HammingLoss, "Hamming loss", MetricMode.Min),
        ],
        HeadlineMetric = MicroF1,
        Charts =
        [
            new("Validation loss", [ClassificationTaskMetrics.Loss]),
            new("Validation F1 and subset accuracy (at 0.5)", [MicroF1, MacroF1, SubsetAccuracy]),
            new("Validation Hamming loss", [HammingLoss]),
        ],
        ExportFormats = ["huggingface"],
        UnfitReason = "it is not a text model",
    };

    public bool Fits(ModelDefinition model) => model is TextClassifierDefinition;

    public IEnumerable<string> CheckRows(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels)
    {
        var known = labels.ToHashSet(StringComparer.Ordinal);
        return rows.Select((row, index) => (row, index))
            .SelectMany(entry => entry.row.Label.Length == 0
                ? [$"Row {entry.index + 1} has no label."]
                : entry.row.Label.Split(MultiLabelRows.Separator).Where(label => !known.Contains(label)).Distinct()
                    .Select(label => $"Row {entry.index + 1}: label '{label}' is not one of the version's labels."))
            .Take(20);
    }

    public TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
    {
        static IEnumerable<(string, string)> Pairs(IEnumerable<TaskRow> rows) => rows.Select(row => (row.Text, row.Label));
        var typed = new MultiLabelTrainingJob(job.Config, MultiLabelRows.ToExamples(Pairs(job.Train), job.Labels), job.Labels, job.CheckpointRoot)
        {
            ValidationExamples = job.Validation is { } validation ? MultiLabelRows.ToExamples(Pairs(validation), job.Labels) : null,
            InitialWeights = job.InitialWeights,
            DatasetVersion = job.DatasetVersion,
            Models = models,
        };
        return resumeFrom is null
            ? MultiLabelClassificationTrainer.Run(typed, observer, cancellationToken)
            : MultiLabelClassificationTrainer.Resume(typed, resumeFrom, observer, cancellationToken);
    }

    public nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, Device? device = null, string? initialWeights = null, bool pretrained = true) =>
        MultiLabelClassificationTask.CreateModel(FineTuneSetup.Definition(config, models), config, labelCount, models, device, initialWeights);

    // Full-length texts, each in every class: the most a batch can cost.
    public TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, Device device)
    {
        var text = string.Join(' ', Enumerable.Repeat("example", config.MaxSequenceLength));
        var classes = Enumerable.Range(0, labelCount).ToList();
        var task = new MultiLabelClassificationTask(new MultiLabelTrainingJob(config, [], TaskProbe.Labels(labelCount), "") { Models = models }, device, initialWeights: null);
        return TaskProbe.Of(task, _ => new MultiLabelExample(text, classes));
    }

    public void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true) =>
        MultiLabelClassificationTrainer.ExportHuggingFace(checkpointDirectory, folder, models);
}
