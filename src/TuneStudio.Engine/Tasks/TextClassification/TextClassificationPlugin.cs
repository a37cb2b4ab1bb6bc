using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.TextClassification;

// Text classification in the registry: one label per text, any text model, every method.
public sealed class TextClassificationPlugin : ITrainingTask
{
    public TaskDescription Description { get; } = new()
    {
        Name = TaskNames.TextClassification,
        Title = "Text classification",
        Metrics = ClassificationTaskMetrics.Reported,
        HeadlineMetric = ClassificationTaskMetrics.Accuracy,
        Charts = ClassificationTaskMetrics.Charts,
        ExportFormats = ["huggingface", "peft"],
        UnfitReason = "it is not a text model",
    };

    public bool Fits(ModelDefinition model) => model is TextClassifierDefinition;

    public IEnumerable<string> CheckRows(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels) => TaskRows.UnknownLabels(rows, labels);

    public TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
    {
        var labels = TaskRows.LabelIndex(job.Labels);
        TextExample Example(TaskRow row) => new(row.Text, labels[row.Label]);
        var typed = new TrainingJob(job.Config, job.Train.Select(Example).ToList(), job.Labels, job.CheckpointRoot)
        {
            ValidationExamples = job.Validation?.Select(Example).ToList(),
            InitialWeights = job.InitialWeights,
            DatasetVersion = job.DatasetVersion,
            Models = models,
        };
        return resumeFrom is null
            ? TextClassificationTrainer.Run(typed, observer, cancellationToken)
            : TextClassificationTrainer.Resume(typed, resumeFrom, observer, cancellationToken);
    }

    public nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, Device? device = null, string? initialWeights = null, bool pretrained = true) =>
        TextClassificationTask.CreateModel(FineTuneSetup.Definition(config, models), config, labelCount, models, device, initialWeights);

    public TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, Device device)
    {
        var text = string.Join(' ', Enumerable.Repeat("example", config.MaxSequenceLength));
        var task = new TextClassificationTask(new TrainingJob(config, [], TaskProbe.Labels(labelCount), "") { Models = models }, device, initialWeights: null);
        return TaskProbe.Of(task, i => new TextExample(text, i % labelCount));
    }

    public void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true) =>
        PretrainedExport.ExportHuggingFace(checkpointDirectory, folder, merged: format != "peft" && merged, models);
}
