using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.TokenClassification;

// Token classification (named entities) in the registry: a tag per word, WordPiece encoders only. A stored row is a
// sentence: its tokens and their IOB2 tags, each joined by single spaces.
public sealed class TokenClassificationPlugin : ITrainingTask
{
    public const string EntityPrecision = "val/entity_precision", EntityRecall = "val/entity_recall", EntityF1 = "val/entity_f1";

    public TaskDescription Description { get; } = new()
    {
        Name = TaskNames.TokenClassification,
        Title = "Token classification",
        Metrics =
        [
            .. ClassificationTaskMetrics.Reported,
            new(EntityPrecision, "Entity precision", MetricMode.Max),
            new(EntityRecall, "Entity recall", MetricMode.Max),
            new(EntityF1, "Entity F1", MetricMode.Max),
        ],
        HeadlineMetric = EntityF1,
        // A named-entity run is judged on whole entities, seqeval style, beside its per-word accuracy.
        Charts = [.. ClassificationTaskMetrics.Charts, new TaskChart("Validation entities: precision, recall, F1", [EntityPrecision, EntityRecall, EntityF1])],
        ExportFormats = ["huggingface", "peft"],
        UnfitReason = "it cannot tag tokens (pick a WordPiece model such as minilm-l6)",
    };

    public bool Fits(ModelDefinition model) => model is TextClassifierDefinition { SupportsTokenClassification: true };

    // Deleting or swapping words would leave the tags describing other words.
    public IEnumerable<ConfigError> Validate(TrainingConfig config, ModelDefinition model)
    {
        if (config.Augmentation is { Enabled: true })
            yield return new ConfigError("augmentation", "Token classification takes no augmentation: dropping or swapping words would break the tags.");
    }

    public IEnumerable<string> CheckRows(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels)
    {
        var known = labels.ToHashSet(StringComparer.Ordinal);
        return rows.Select((row, index) => (Words: row.Text.Split(' '), Tags: row.Label.Split(' '), Row: index + 1))
            .SelectMany(sentence => sentence.Words.Length != sentence.Tags.Length
                ? [$"Row {sentence.Row}: {sentence.Words.Length} tokens but {sentence.Tags.Length} tags."]
                : sentence.Tags.Where(tag => !known.Contains(tag)).Distinct().Select(tag => $"Row {sentence.Row}: tag '{tag}' is not one of the version's labels."))
            .Take(20);
    }

    public TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
    {
        var labels = TaskRows.LabelIndex(job.Labels);
        TokenExample Example(TaskRow row) => TokenExample.Create(row.Text.Split(' '), row.Label.Split(' ').Select(tag => labels[tag]).ToList(), job.Labels);
        var typed = new TokenTrainingJob(job.Config, job.Train.Select(Example).ToList(), job.Labels, job.CheckpointRoot)
        {
            ValidationExamples = job.Validation?.Select(Example).ToList(),
            InitialWeights = job.InitialWeights,
            DatasetVersion = job.DatasetVersion,
            Models = models,
        };
        return resumeFrom is null
            ? TokenClassificationTrainer.Run(typed, observer, cancellationToken)
            : TokenClassificationTrainer.Resume(typed, resumeFrom, observer, cancellationToken);
    }

    public nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, Device? device = null, string? initialWeights = null, bool pretrained = true) =>
        TokenClassificationTask.CreateModel(FineTuneSetup.Definition(config, models), config, labelCount, models, device, initialWeights);

    // Sentences of MaxSequenceLength words, each at least one sub-word: the longest inputs a run can see.
    public TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, Device device)
    {
        var words = Enumerable.Repeat("example", config.MaxSequenceLength).ToList();
        var tags = new int[words.Count];
        var task = new TokenClassificationTask(new TokenTrainingJob(config, [], TaskProbe.Labels(labelCount), "") { Models = models }, device, initialWeights: null);
        return TaskProbe.Of(task, i => new TokenExample(words, tags, i % labelCount));
    }

    public void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true) =>
        PretrainedExport.ExportHuggingFace(checkpointDirectory, folder, merged: format != "peft" && merged, models);
}
