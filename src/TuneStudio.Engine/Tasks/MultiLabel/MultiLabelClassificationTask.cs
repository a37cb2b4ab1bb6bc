using System.Security.Cryptography;
using System.Text;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.MultiLabel;

// Multi-label text classification as a recipe task: the text classifier with one logit per class, each an independent
// sigmoid, trained with binary cross-entropy on the logits (label smoothing ε moves every target to y(1-ε)+ε/2).
// Supports every method text classification supports (full, LoRA, freeze, BitFit, head-only, gradual unfreezing:
// FineTuneSetup builds the same model, one output per class), float32 or bfloat16 (MixedPrecision), and text
// augmentation of training batches. Validation reports val/loss (mean BCE per decision, without smoothing),
// val/micro_f1, val/macro_f1, val/subset_accuracy and val/hamming_loss, all at the fixed threshold 0.5, so the
// numbers of one run stay comparable from epoch to epoch and to other runs; it also tunes one threshold per label on
// the same validation set (MultiLabelMetrics.BestThreshold), which the trainer stores with each checkpoint
// (MultiLabelThresholds) and the export puts in config.json: metrics at tuned thresholds would be measured on the data
// they were tuned on, hence optimistic. Does not support: rows without any class (every row needs one), per-label
// loss weights.
internal sealed class MultiLabelClassificationTask : IRecipeTask<MultiLabelExample>
{
    private readonly TrainingConfig config;
    private readonly int labelCount;
    private readonly Device device;
    private readonly TextClassifierModel model;
    private readonly ITextTokenizer tokenizer;
    private readonly TextAugmenter augmenter;
    private readonly MixedPrecision precision;

    public MultiLabelClassificationTask(TrainingJob<MultiLabelExample> job, Device device, string? initialWeights)
    {
        config = job.Config;
        labelCount = job.Labels.Count;
        this.device = device;
        var bad = job.Examples.Concat(job.ValidationExamples ?? []).Count(example =>
            example.Classes.Count == 0 || example.Classes.Any(label => label < 0 || label >= labelCount));
        if (bad > 0) throw new ArgumentException($"{bad} examples have no class or a class outside 0..{labelCount - 1}.");
        var definition = FineTuneSetup.Definition(config, job.Models);
        model = CreateModel(definition, config, labelCount, job.Models, device, initialWeights);
        precision = MixedPrecision.For(config, model, device, () => CreateModel(definition, config, labelCount, job.Models, device));
        definition.ReleaseCachedWeights();
        tokenizer = definition.CreateTokenizer();
        augmenter = new TextAugmenter(config.Augmentation.Text, config.Seed);
    }

    // The text classifier with one logit per class, ready to train.
    public static TextClassifierModel CreateModel(TextClassifierDefinition definition, TrainingConfig config, int labelCount, ModelCatalog models,
        Device? device = null, string? initialWeights = null) =>
        FineTuneSetup.Prepare(definition.CreateModel(labelCount), config, models, device, initialWeights);

    public nn.Module Model => model;

    public IFineTunableModel Layout => model;

    public MixedPrecision Precision => precision;

    // The thresholds tuned at the latest evaluation, per label; null before the first.
    public IReadOnlyList<double>? TunedThresholds { get; private set; }

    public string Fingerprint(IReadOnlyList<MultiLabelExample> examples, IReadOnlyList<string> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var label in labels) hash.AppendData(Encoding.UTF8.GetBytes("L" + label + "\n"));
        foreach (var example in examples)
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join(',', example.Classes) + "\u001e" + example.Text + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void SetTrainingMode() => model.train(!FineTuneSetup.TrainsInEvalMode(config));

    public Tensor Loss(TrainingBatch<MultiLabelExample> batch)
    {
        var texts = batch.Examples.Select((example, i) => augmenter.Augment(example.Text, batch.Epoch, batch.Indices[i])).ToList();
        var inputs = tokenizer.Encode(texts, config.MaxSequenceLength, device);
        var logits = ((TextClassifierModel)precision.Forward).forward(inputs.InputIds, inputs.AttentionMask);
        var smoothing = config.LabelSmoothing;
        var targets = MultiHot(batch.Examples) * (1 - smoothing) + smoothing / 2;
        return nn.functional.binary_cross_entropy_with_logits(MixedPrecision.ToFloat32(logits), targets);
    }

    public Dictionary<string, double> Evaluate(IReadOnlyList<MultiLabelExample> validation)
    {
        model.eval();
        using var _ = no_grad();
        var probabilities = new List<float[]>();
        double lossSum = 0;
        foreach (var batch in validation.Chunk(Math.Max(config.BatchSize, 64)))
        {
            using var scope = NewDisposeScope();
            var inputs = tokenizer.Encode(batch.Select(example => example.Text).ToList(), config.MaxSequenceLength, device);
            var logits = model.forward(inputs.InputIds, inputs.AttentionMask);
            lossSum += nn.functional.binary_cross_entropy_with_logits(logits, MultiHot(batch), reduction: nn.Reduction.Sum).item<float>();
            var flat = sigmoid(logits).cpu().data<float>().ToArray();
            probabilities.AddRange(Enumerable.Range(0, batch.Length).Select(row => flat.AsSpan(row * labelCount, labelCount).ToArray()));
        }

        var truth = validation.Select(example => Decisions(example.Classes)).ToList();
        var predicted = probabilities.Select(row => row.Select(p => p >= MultiLabelThresholds.Default).ToArray()).ToList();
        TunedThresholds = Enumerable.Range(0, labelCount)
            .Select(label => MultiLabelMetrics.BestThreshold(probabilities.Select(row => row[label]).ToList(), truth.Select(row => row[label]).ToList()))
            .ToList();
        var scores = MultiLabelMetrics.Score(truth, predicted);
        return new Dictionary<string, double>
        {
            ["val/loss"] = validation.Count == 0 ? 0 : lossSum / ((double)validation.Count * labelCount),
            ["val/micro_f1"] = scores.MicroF1,
            ["val/macro_f1"] = scores.MacroF1,
            ["val/subset_accuracy"] = scores.SubsetAccuracy,
            ["val/hamming_loss"] = scores.HammingLoss,
        };
    }

    public void Dispose()
    {
        precision.Dispose();
        model.Dispose();
    }

    private bool[] Decisions(IReadOnlyList<int> classes)
    {
        var row = new bool[labelCount];
        foreach (var label in classes) row[label] = true;
        return row;
    }

    // [batch, labels] float32, 1 where the example has the class.
    private Tensor MultiHot(IReadOnlyList<MultiLabelExample> examples)
    {
        var values = new float[examples.Count * labelCount];
        for (var row = 0; row < examples.Count; row++)
            foreach (var label in examples[row].Classes)
                values[row * labelCount + label] = 1;
        return tensor(values, [examples.Count, labelCount], device: device);
    }
}
