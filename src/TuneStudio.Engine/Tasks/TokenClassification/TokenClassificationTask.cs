using System.Security.Cryptography;
using System.Text;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.TokenClassification;

// Token classification (named entities) as a recipe task: each sentence's words are split into sub-words, the
// first sub-token of a word carries its tag (TokenAlignment), and the loss is cross-entropy over those tokens only.
// Validation reports val/loss (per tagged token), val/accuracy (per word), val/macro_f1 (over the words' tags) and
// seqeval-style val/entity_precision, val/entity_recall and val/entity_f1, each word predicted by its first
// sub-token (a word cut off by the length limit counts as "O"). Every method the model's catalogue entry allows
// works, LoRA included, in float32 or bfloat16 (MixedPrecision, as for text classification).
internal sealed class TokenClassificationTask : IRecipeTask<TokenExample>
{
    private readonly TrainingConfig config;
    private readonly IReadOnlyList<string> labels;
    private readonly Device device;
    private readonly TextClassifierModel model;
    private readonly IWordTokenizer tokenizer;
    private readonly MixedPrecision precision;

    public TokenClassificationTask(TrainingJob<TokenExample> job, Device device, string? initialWeights)
    {
        config = job.Config;
        labels = job.Labels;
        this.device = device;
        var badTags = job.Examples.Concat(job.ValidationExamples ?? []).Count(example => example.Tags.Any(tag => tag < 0 || tag >= labels.Count));
        if (badTags > 0) throw new ArgumentException($"{badTags} sentences have a tag outside 0..{labels.Count - 1}.");
        var definition = FineTuneSetup.Definition(config, job.Models);
        tokenizer = definition.CreateTokenizer() as IWordTokenizer
            ?? throw new ArgumentException($"Model '{config.Model}' has no sub-word tokenizer for token classification.");
        model = CreateModel(definition, config, labels.Count, job.Models, device, initialWeights);
        precision = MixedPrecision.For(config, model, device, () => CreateModel(definition, config, labels.Count, job.Models, device));
        definition.ReleaseCachedWeights();
    }

    // The catalogue encoder with a tag head over every token, ready to train.
    public static TextClassifierModel CreateModel(TextClassifierDefinition definition, TrainingConfig config, int labelCount, ModelCatalog models,
        Device? device = null, string? initialWeights = null) =>
        FineTuneSetup.Prepare(definition.CreateTokenClassifier(labelCount), config, models, device, initialWeights);

    public MixedPrecision Precision => precision;

    public nn.Module Model => model;

    public IFineTunableModel Layout => model;

    public string Fingerprint(IReadOnlyList<TokenExample> examples, IReadOnlyList<string> labelNames)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var label in labelNames) hash.AppendData(Encoding.UTF8.GetBytes("L" + label + "\n"));
        foreach (var example in examples)
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\u001f', example.Words) + "\u001e" + string.Join(',', example.Tags) + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void SetTrainingMode() => model.train(!FineTuneSetup.TrainsInEvalMode(config));

    public Tensor Loss(TrainingBatch<TokenExample> batch)
    {
        var inputs = Encode(batch.Examples.Select(Align).ToList());
        var logits = ((TextClassifierModel)precision.Forward).forward(inputs.InputIds, inputs.AttentionMask);
        return LossOf(MixedPrecision.ToFloat32(logits), inputs.Labels, nn.Reduction.Mean);
    }

    public Dictionary<string, double> Evaluate(IReadOnlyList<TokenExample> validation)
    {
        model.eval();
        using var _ = no_grad();
        var truth = new List<IReadOnlyList<string>>();
        var predicted = new List<IReadOnlyList<string>>();
        double lossSum = 0;
        long taggedTokens = 0;
        foreach (var batch in validation.Chunk(Math.Max(config.BatchSize, 32)))
        {
            using var scope = NewDisposeScope();
            var aligned = batch.Select(Align).ToList();
            var inputs = Encode(aligned);
            var logits = model.forward(inputs.InputIds, inputs.AttentionMask);
            lossSum += LossOf(logits, inputs.Labels, nn.Reduction.Sum).item<float>();
            taggedTokens += inputs.Labels.ne(TokenAlignment.Ignored).sum().item<long>();
            var best = logits.argmax(2).cpu();
            var width = best.shape[1];
            var flat = best.data<long>().ToArray();
            for (var row = 0; row < batch.Length; row++)
            {
                truth.Add(batch[row].Tags.Select(tag => labels[tag]).ToList());
                predicted.Add(aligned[row].FirstTokenOfWord
                    .Select(token => token < 0 ? "O" : labels[(int)flat[row * width + token]]).ToList());
            }
        }

        var scores = EntityMetrics.Score(truth, predicted);
        var labelIndex = labels.Select((label, index) => (label, index)).ToDictionary(pair => pair.label, pair => pair.index, StringComparer.Ordinal);
        labelIndex.TryAdd("O", -1); // a cut-off word predicted "O" where the labels have none
        return new Dictionary<string, double>
        {
            ["val/loss"] = taggedTokens == 0 ? 0 : lossSum / taggedTokens,
            ["val/accuracy"] = scores.TokenAccuracy,
            // Per-tag macro-F1 over words, which the shared loop's epoch message and the run page's chart show for every task.
            ["val/macro_f1"] = ClassificationMetrics.MacroF1(
                truth.SelectMany(tags => tags).Select(tag => labelIndex[tag]).ToList(),
                predicted.SelectMany(tags => tags).Select(tag => labelIndex[tag]).ToList()),
            ["val/entity_precision"] = scores.Precision,
            ["val/entity_recall"] = scores.Recall,
            ["val/entity_f1"] = scores.F1,
        };
    }

    public void Dispose()
    {
        precision.Dispose();
        model.Dispose();
    }

    private AlignedSentence Align(TokenExample example) =>
        TokenAlignment.Align(example.Words.Select(tokenizer.EncodeWord).ToList(), example.Tags, config.MaxSequenceLength,
            tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId);

    private TokenClassificationBatch Encode(IReadOnlyList<AlignedSentence> sentences) =>
        TokenClassificationBatch.Build(sentences, tokenizer.PaddingTokenId, device);

    private Tensor LossOf(Tensor logits, Tensor labelIds, nn.Reduction reduction) =>
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), labelIds.reshape(-1),
            ignore_index: TokenAlignment.Ignored, reduction: reduction, label_smoothing: config.LabelSmoothing);
}
