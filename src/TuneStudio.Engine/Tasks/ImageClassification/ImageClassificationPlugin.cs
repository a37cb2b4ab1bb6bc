using TorchSharp;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.ImageClassification;

// Image classification in the registry: one class per image, ResNets (built-in and imported), every method but
// the adapters, float32 only. A stored row's text is the image's reference, which TaskJob.ReadImage decodes.
public sealed class ImageClassificationPlugin : ITrainingTask
{
    public TaskDescription Description { get; } = new()
    {
        Name = TaskNames.ImageClassification,
        Title = "Image classification",
        Metrics = ClassificationTaskMetrics.Reported,
        HeadlineMetric = ClassificationTaskMetrics.Accuracy,
        Charts = ClassificationTaskMetrics.Charts,
        ExportFormats = ["torchvision"],
        UnfitReason = "it is not an image model",
    };

    public bool Fits(ModelDefinition model) => model is ImageClassifierDefinition;

    public IEnumerable<ConfigError> Validate(TrainingConfig config, ModelDefinition model)
    {
        if (config.Precision == PrecisionKind.Bfloat16)
            yield return new ConfigError("precision", "Image runs train in float32 only for now; choose precision float32.");
    }

    public IEnumerable<string> CheckRows(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels) => TaskRows.UnknownLabels(rows, labels);

    public TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
    {
        var read = job.ReadImage ?? throw new ArgumentException("An image job needs a way to read its images (TaskJob.ReadImage).");
        var labels = TaskRows.LabelIndex(job.Labels);
        ImageExample Example(TaskRow row)
        {
            var image = read(row.Text);
            return new ImageExample(image.Pixels, image.Width, image.Height, image.Channels, labels[row.Label]);
        }
        var typed = new ImageTrainingJob(job.Config, job.Train.Select(Example).ToList(), job.Labels, job.CheckpointRoot)
        {
            ValidationExamples = job.Validation?.Select(Example).ToList(),
            InitialWeights = job.InitialWeights,
            DatasetVersion = job.DatasetVersion,
            Models = models,
        };
        return resumeFrom is null
            ? ImageClassificationTrainer.Run(typed, observer, cancellationToken)
            : ImageClassificationTrainer.Resume(typed, resumeFrom, observer, cancellationToken);
    }

    public nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, Device? device = null, string? initialWeights = null, bool pretrained = true)
    {
        var definition = models.FindImageDefinition(config.Model) ?? throw new ArgumentException($"'{config.Model}' is not an image model.");
        var model = definition.CreateModel(labelCount, pretrained);
        try
        {
            if (device is not null) model.to(device);
            if (initialWeights is not null) Checkpoints.CheckpointReader.LoadWeights(model, initialWeights);
            FineTuneSetup.SelectTrainableParameters(model, config);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // Full-size RGB images at the run's input size.
    public TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, Device device)
    {
        var task = new ImageClassificationTask(new ImageTrainingJob(config, [], TaskProbe.Labels(labelCount), "") { Models = models }, device, initialWeights: null);
        var pixels = new byte[task.ImageSize * task.ImageSize * 3];
        return TaskProbe.Of(task, i => new ImageExample(pixels, task.ImageSize, task.ImageSize, 3, i % labelCount));
    }

    public void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true) =>
        TorchvisionResNetExport.ExportCheckpoint(checkpointDirectory, folder, models);
}
