using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.TextClassification;

// Text classification as a recipe task: texts are tokenized per batch, the model gives logits from (ids, mask).
// Supports every method, LoRA included (FineTuneSetup builds the model shaped for it), and text augmentation of
// training batches (validation scores the texts as they are).
internal sealed class TextClassificationTask : IRecipeTask<TextExample>
{
    private readonly TrainingConfig config;
    private readonly Device device;
    private readonly TextClassifierModel model;
    private readonly ITextTokenizer tokenizer;
    private readonly TextAugmenter augmenter;
    private readonly MixedPrecision precision;

    public TextClassificationTask(TrainingJob<TextExample> job, Device device, string? initialWeights)
    {
        config = job.Config;
        this.device = device;
        var definition = FineTuneSetup.Definition(config, job.Models);
        model = CreateModel(definition, config, job.Labels.Count, job.Models, device, initialWeights);
        precision = MixedPrecision.For(config, model, device, () => CreateModel(definition, config, job.Labels.Count, job.Models, device));
        definition.ReleaseCachedWeights();
        tokenizer = definition.CreateTokenizer();
        augmenter = new TextAugmenter(config.Augmentation.Text, config.Seed);
    }

    // The catalogue model with a classifier over its pooled text, ready to train.
    public static TextClassifierModel CreateModel(TextClassifierDefinition definition, TrainingConfig config, int labelCount, ModelCatalog models,
        Device? device = null, string? initialWeights = null) =>
        FineTuneSetup.Prepare(definition.CreateModel(labelCount), config, models, device, initialWeights);

    public nn.Module Model => model;

    public IFineTunableModel Layout => model;

    public MixedPrecision Precision => precision;

    public string Fingerprint(IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels) => DatasetFingerprint.Of(examples, labels);

    public void SetTrainingMode() => model.train(!FineTuneSetup.TrainsInEvalMode(config));

    public Tensor Loss(TrainingBatch<TextExample> batch)
    {
        var texts = batch.Examples.Select((example, i) => augmenter.Augment(example.Text, batch.Epoch, batch.Indices[i])).ToList();
        var inputs = tokenizer.Encode(texts, config.MaxSequenceLength, device);
        var labels = tensor(batch.Examples.Select(example => (long)example.Label).ToArray(), device: device);
        var logits = ((TextClassifierModel)precision.Forward).forward(inputs.InputIds, inputs.AttentionMask);
        return nn.functional.cross_entropy(MixedPrecision.ToFloat32(logits), labels, label_smoothing: config.LabelSmoothing);
    }

    public Dictionary<string, double> Evaluate(IReadOnlyList<TextExample> validation)
    {
        model.eval();
        using var _ = no_grad();
        var evaluation = new ClassificationEvaluation();
        foreach (var batch in validation.Chunk(Math.Max(config.BatchSize, 64)))
        {
            using var scope = NewDisposeScope();
            var inputs = tokenizer.Encode(batch.Select(example => example.Text).ToList(), config.MaxSequenceLength, device);
            evaluation.Add(model.forward(inputs.InputIds, inputs.AttentionMask), batch.Select(example => example.Label), device);
        }
        return evaluation.Metrics();
    }

    public void Dispose()
    {
        precision.Dispose();
        model.Dispose();
    }
}
