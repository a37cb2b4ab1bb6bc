using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

// Sentence-embedding fine-tuning in the registry: (anchor, positive) pairs, a stored pair row's source and target;
// BERT-family encoders (the WordPiece ones: MiniLM, imported BERTs); no classes.
public sealed class SentenceEmbeddingPlugin : ITrainingTask
{
    public const string Mrr = "val/mrr", RecallAt1 = "val/recall_at_1", RecallAt5 = "val/recall_at_5";

    public TaskDescription Description { get; } = new()
    {
        Name = TaskNames.SentenceEmbedding,
        Title = "Sentence embedding",
        Metrics =
        [
            new(ClassificationTaskMetrics.Loss, "Validation loss", MetricMode.Min),
            new(Mrr, "MRR", MetricMode.Max),
            new(RecallAt1, "Recall@1", MetricMode.Max),
            new(RecallAt5, "Recall@5", MetricMode.Max),
        ],
        HeadlineMetric = Mrr,
        Charts =
        [
            new("Validation loss (in-batch ranking)", [ClassificationTaskMetrics.Loss]),
            new("Validation retrieval: MRR, recall@1, recall@5", [Mrr, RecallAt1, RecallAt5]),
        ],
        ExportFormats = ["sentence-transformers"],
        UnfitReason = "it has no sentence encoder (pick a BERT-family model such as minilm-l6)",
        HasClasses = false,
    };

    public bool Fits(ModelDefinition model) => model is TextClassifierDefinition { SupportsTokenClassification: true };

    // There is no head to train first, and a method must leave something of the encoder trainable.
    public IEnumerable<ConfigError> Validate(TrainingConfig config, ModelDefinition model)
    {
        if (config.Method is FineTuneMethod.HeadOnly or FineTuneMethod.GradualUnfreeze)
            yield return new ConfigError("method", $"{config.Method} trains a classifier head first; a sentence encoder has none. Use full, lora, freeze or bitFit.");
        else if (config is { Method: FineTuneMethod.Freeze, TrainableTopLayers: 0, FrozenParameterPatterns.Count: 0 })
            yield return new ConfigError("trainableTopLayers", "Freeze must leave at least one top layer of the sentence encoder trainable.");
    }

    public IEnumerable<string> CheckRows(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels) =>
        rows.Select((row, index) => (row, index))
            .Where(entry => string.IsNullOrWhiteSpace(entry.row.Text) || string.IsNullOrWhiteSpace(entry.row.Label))
            .Take(20)
            .Select(entry => $"Row {entry.index + 1}: a pair needs both a source and a target.");

    public TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
    {
        static PairExample Example(TaskRow row) => new(row.Text, row.Label);
        var typed = new SentenceEmbeddingJob(job.Config, job.Train.Select(Example).ToList(), job.CheckpointRoot)
        {
            ValidationExamples = job.Validation?.Select(Example).ToList(),
            InitialWeights = job.InitialWeights,
            DatasetVersion = job.DatasetVersion,
            Models = models,
        };
        return resumeFrom is null
            ? SentenceEmbeddingTrainer.Run(typed, observer, cancellationToken)
            : SentenceEmbeddingTrainer.Resume(typed, resumeFrom, observer, cancellationToken);
    }

    public nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, Device? device = null, string? initialWeights = null, bool pretrained = true) =>
        SentenceEmbeddingTask.CreateModel(FineTuneSetup.Definition(config, models), config, models, device, initialWeights);

    // Pairs whose both sides run the full length.
    public TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, Device device)
    {
        var text = string.Join(' ', Enumerable.Repeat("example", config.MaxSequenceLength));
        var task = new SentenceEmbeddingTask(new SentenceEmbeddingJob(config, [], "") { Models = models }, device, initialWeights: null);
        return TaskProbe.Of(task, _ => new PairExample(text, text));
    }

    public void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true) =>
        SentenceTransformersExport.Export(checkpointDirectory, folder, models);
}
