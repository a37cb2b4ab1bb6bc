using System.Security.Cryptography;
using System.Text;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

// Sentence-embedding fine-tuning on (anchor, positive) pairs as a recipe task, the way sentence-transformers trained
// all-MiniLM-L6-v2: a BERT-family encoder, mean-pooled and L2-normalised (BertSentenceEncoder), and the multiple
// negatives ranking loss with in-batch negatives: every anchor is scored against every positive of its batch by cosine
// similarity × 20, and cross-entropy pulls each anchor's own positive (the diagonal) above the batch's others. The loss
// is the one-directional one (anchor → positives), as sentence-transformers' MultipleNegativesRankingLoss, not its
// symmetric variant; label smoothing, when set, applies to that cross-entropy. Larger batches give more negatives.
// Supports the methods Full, LoRA, Freeze (top blocks or name patterns) and BitFit, float32 or bfloat16
// (MixedPrecision), gradient checkpointing, and text augmentation of both sides of training pairs. Validation scores
// val/loss (the same loss over the validation pairs in batches of the training batch size) and, ranking each
// validation anchor against all validation positives, val/mrr, val/recall_at_1 and val/recall_at_5.
// Does not support: HeadOnly and GradualUnfreeze (there is no head to train first), hard negatives, models that are
// not BERT-family, pairs whose positives repeat (a repeated positive would count as a negative of its twin).
internal sealed class SentenceEmbeddingTask : IRecipeTask<PairExample>
{
    public const double Scale = 20;

    private readonly TrainingConfig config;
    private readonly Device device;
    private readonly TextClassifierModel model;
    private readonly ITextTokenizer tokenizer;
    private readonly TextAugmenter augmenter;
    private readonly MixedPrecision precision;

    public SentenceEmbeddingTask(TrainingJob<PairExample> job, Device device, string? initialWeights)
    {
        config = job.Config;
        this.device = device;
        if (config.Method is FineTuneMethod.HeadOnly or FineTuneMethod.GradualUnfreeze)
            throw new ArgumentException($"{config.Method} trains a classifier head first; a sentence encoder has none. Use full, lora, freeze or bitFit.");
        var definition = FineTuneSetup.Definition(config, job.Models);
        model = CreateModel(definition, config, job.Models, device, initialWeights);
        if (!model.parameters().Any(parameter => parameter.requires_grad))
        {
            model.Dispose();
            throw new ArgumentException("This method leaves no parameter of the sentence encoder trainable (freeze: train at least one top layer).");
        }
        precision = MixedPrecision.For(config, model, device, () => CreateModel(definition, config, job.Models, device));
        definition.ReleaseCachedWeights();
        tokenizer = definition.CreateTokenizer();
        augmenter = new TextAugmenter(config.Augmentation.Text, config.Seed);
    }

    // The catalogue's encoder, mean-pooled and normalised, without a head, ready to train.
    public static TextClassifierModel CreateModel(TextClassifierDefinition definition, TrainingConfig config, ModelCatalog models,
        Device? device = null, string? initialWeights = null) =>
        FineTuneSetup.Prepare(definition.CreateSentenceEncoder(), config, models, device, initialWeights);

    public nn.Module Model => model;

    public IFineTunableModel Layout => model;

    public MixedPrecision Precision => precision;

    public string Fingerprint(IReadOnlyList<PairExample> examples, IReadOnlyList<string> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var label in labels) hash.AppendData(Encoding.UTF8.GetBytes("L" + label + "\n"));
        foreach (var example in examples) hash.AppendData(Encoding.UTF8.GetBytes(example.Anchor + "\u001f" + example.Positive + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void SetTrainingMode() => model.train(!FineTuneSetup.TrainsInEvalMode(config));

    public Tensor Loss(TrainingBatch<PairExample> batch)
    {
        var forward = (TextClassifierModel)precision.Forward;
        var anchors = Embed(forward, batch.Examples.Select((example, i) => augmenter.Augment(example.Anchor, batch.Epoch, batch.Indices[i])).ToList());
        var positives = Embed(forward, batch.Examples.Select((example, i) => augmenter.Augment(example.Positive, batch.Epoch, batch.Indices[i])).ToList());
        return RankingLoss(MixedPrecision.ToFloat32(anchors), MixedPrecision.ToFloat32(positives), config.LabelSmoothing, nn.Reduction.Mean);
    }

    public Dictionary<string, double> Evaluate(IReadOnlyList<PairExample> validation)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var anchors = EmbedAll(validation.Select(example => example.Anchor).ToList());
        var positives = EmbedAll(validation.Select(example => example.Positive).ToList());

        double lossSum = 0;
        for (var start = 0; start < validation.Count; start += config.BatchSize)
        {
            var length = Math.Min(config.BatchSize, validation.Count - start);
            lossSum += RankingLoss(anchors.narrow(0, start, length), positives.narrow(0, start, length), 0, nn.Reduction.Sum).item<float>();
        }

        var similarities = anchors.matmul(positives.t()).cpu().data<float>().ToArray();
        var rows = Enumerable.Range(0, validation.Count).Select(row => similarities.AsSpan(row * validation.Count, validation.Count).ToArray()).ToList();
        var scores = RankingMetrics.Score(RankingMetrics.Ranks(rows));
        return new Dictionary<string, double>
        {
            ["val/loss"] = validation.Count == 0 ? 0 : lossSum / validation.Count,
            ["val/mrr"] = scores.MeanReciprocalRank,
            ["val/recall_at_1"] = scores.RecallAt1,
            ["val/recall_at_5"] = scores.RecallAt5,
        };
    }

    // Unit-length embeddings [texts, hidden] in eval mode, batch by batch; the caller's dispose scope owns the result.
    private Tensor EmbedAll(IReadOnlyList<string> texts)
    {
        var parts = texts.Chunk(Math.Max(config.BatchSize, 64)).Select(chunk =>
        {
            using var scope = NewDisposeScope();
            return Embed(model, chunk).MoveToOuterDisposeScope();
        }).ToList();
        return parts.Count == 0 ? zeros(0, model.LabelCount, device: device) : cat(parts, 0);
    }

    public void Dispose()
    {
        precision.Dispose();
        model.Dispose();
    }

    // Multiple negatives ranking: row i of anchors · positivesᵀ (cosine similarities, the embeddings being unit-length)
    // scaled by Scale are the logits of a classification whose right answer is column i.
    internal static Tensor RankingLoss(Tensor anchors, Tensor positives, double labelSmoothing, nn.Reduction reduction)
    {
        using var scope = NewDisposeScope();
        var scores = anchors.matmul(positives.t()) * Scale;
        var targets = arange(anchors.shape[0], dtype: ScalarType.Int64, device: anchors.device);
        return nn.functional.cross_entropy(scores, targets, reduction: reduction, label_smoothing: labelSmoothing).MoveToOuterDisposeScope();
    }

    private Tensor Embed(TextClassifierModel encoder, IReadOnlyList<string> texts)
    {
        var inputs = tokenizer.Encode(texts, config.MaxSequenceLength, device);
        return encoder.forward(inputs.InputIds, inputs.AttentionMask);
    }
}
