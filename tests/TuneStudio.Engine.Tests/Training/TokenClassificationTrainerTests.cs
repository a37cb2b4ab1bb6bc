using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Training;

// Named-entity tagging with MiniLM on the CoNLL-2003 sentences in tests/data. The sample is tiny (three
// sentences), so validation is the training sentences themselves: these tests prove the pipeline learns the tags
// (alignment, loss, metrics, methods, resume), not that it generalises.
public class TokenClassificationTrainerTests
{
    private static readonly TrainingConfig Config = new()
    {
        Model = MiniLmDefinition.Id, Method = FineTuneMethod.Full, LearningRate = 5e-4, BatchSize = 4, Epochs = 12,
        MaxSequenceLength = 32, Seed = 5, WarmupSteps = 0, Schedule = ScheduleKind.Constant,
        Checkpoints = new CheckpointOptions { EachEpoch = false, KeepLast = 1 },
    };

    [Fact]
    public void Token_classifier_has_bert_for_token_classification_names_and_a_tag_per_token()
    {
        using var scope = NewDisposeScope();
        using var model = (BertTokenClassifier)new MiniLmDefinition().CreateTokenClassifier(labelCount: 9);
        model.eval();
        var names = model.state_dict().Keys.ToHashSet();

        Assert.Contains("bert.encoder.layer.5.attention.self.query.weight", names);
        Assert.Contains("classifier.bias", names);
        Assert.DoesNotContain(names, name => name.Contains("pooler", StringComparison.Ordinal));
        Assert.Equal([9L, 384], model.state_dict()["classifier.weight"].shape);
        using var _ = no_grad();
        var batch = TokenClassificationBatch.Build(
            [TokenAlignment.Align([[2000], [2001, 2002]], [1, 2], 16, 101, 102), TokenAlignment.Align([[2003]], [0], 16, 101, 102)], 0, CPU);
        Assert.Equal([2L, 5, 9], model.forward(batch.InputIds, batch.AttentionMask).shape);
        Assert.Equal(new long[] { -100, 1, 2, -100, -100, -100, 0, -100, -100, -100 }, batch.Labels.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, true, true, true, true, true, false, false }, batch.AttentionMask.data<bool>().ToArray());
    }

    [Fact]
    public void Bfloat16_tagging_learns_the_tags_like_float32_and_keeps_float32_masters()
    {
        var (sentences, labels) = ConllSample.Read();
        var outcomes = new Dictionary<PrecisionKind, TrainingResult>();
        foreach (var precision in new[] { PrecisionKind.Float32, PrecisionKind.Bfloat16 })
        {
            using var directory = new TemporaryDirectory();
            var job = new TokenTrainingJob(Config with { Precision = precision }, sentences, labels, directory.Path) { ValidationExamples = sentences };
            outcomes[precision] = TokenClassificationTrainer.Run(job, new RecordingObserver(), CancellationToken.None);
            Assert.True(outcomes[precision].Outcome == TrainingOutcome.Completed, outcomes[precision].FailureReason);
            using var weights = Safetensors.Read(Path.Combine(CheckpointFiles.List(directory.Path)[^1], CheckpointFiles.Weights));
            Assert.All(weights.Tensors, entry => Assert.Equal(ScalarType.Float32, entry.Value.dtype));
        }

        Assert.True(outcomes[PrecisionKind.Bfloat16].FinalMetrics["val/accuracy"] > 0.9);
        Assert.InRange(outcomes[PrecisionKind.Bfloat16].FinalMetrics["val/entity_f1"],
            outcomes[PrecisionKind.Float32].FinalMetrics["val/entity_f1"] - 0.15, 1.0);
    }

    [Fact]
    public void Training_on_the_conll_sample_raises_entity_f1_well_above_the_untrained_model()
    {
        var (sentences, labels) = ConllSample.Read();
        using var directory = new TemporaryDirectory();
        var job = new TokenTrainingJob(Config, sentences, labels, directory.Path) { ValidationExamples = sentences };
        double untrainedF1;
        TorchRuntime.Configure();
        manual_seed(Config.Seed);
        using (var untrained = new TokenClassificationTask(job, CPU, initialWeights: null))
            untrainedF1 = untrained.Evaluate(sentences)["val/entity_f1"];

        var observer = new RecordingObserver();
        var result = TokenClassificationTrainer.Run(job, observer, CancellationToken.None);

        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        Assert.True(result.FinalMetrics["val/entity_f1"] >= untrainedF1 + 0.5,
            $"entity F1 {result.FinalMetrics["val/entity_f1"]:F3} after training vs {untrainedF1:F3} untrained");
        Assert.True(result.FinalMetrics["val/accuracy"] > 0.9, $"token accuracy {result.FinalMetrics["val/accuracy"]:F3}");
        Assert.Contains(observer.Points, point => point.Key == "val/entity_precision");
        Assert.Contains(observer.Points, point => point.Key == "val/entity_recall");
        var state = CheckpointReader.ReadState(CheckpointFiles.List(directory.Path)[^1]);
        Assert.Equal(TaskNames.TokenClassification, state.Config.Task);
    }

    [Fact]
    public void Lora_run_resumed_after_cancel_matches_the_uninterrupted_one_and_early_stopping_watches_entity_f1()
    {
        var (sentences, labels) = ConllSample.Read();
        var config = Config with
        {
            Method = FineTuneMethod.Lora, LearningRate = 3e-3, Epochs = 4,
            Checkpoints = new CheckpointOptions { EachEpoch = true },
            EarlyStopping = new EarlyStoppingOptions { Enabled = true, Metric = "val/entity_f1", Mode = MetricMode.Max, Patience = 10 },
        };
        using var straight = new TemporaryDirectory();
        using var interrupted = new TemporaryDirectory();
        var straightObserver = new RecordingObserver();
        var full = TokenClassificationTrainer.Run(new TokenTrainingJob(config, sentences, labels, straight.Path) { ValidationExamples = sentences },
            straightObserver, CancellationToken.None);
        Assert.True(full.Outcome == TrainingOutcome.Completed, full.FailureReason);
        Assert.Contains(straightObserver.Messages, message => message.Contains("of", StringComparison.Ordinal) && message.Contains("(Lora", StringComparison.Ordinal));

        using var cancellation = new CancellationTokenSource();
        var firstPart = new RecordingObserver(points => { if (points[0].Step == 3 && points[0].Key == "train/loss") cancellation.Cancel(); });
        var cancelled = TokenClassificationTrainer.Run(new TokenTrainingJob(config, sentences, labels, interrupted.Path) { ValidationExamples = sentences },
            firstPart, cancellation.Token);
        Assert.Equal(TrainingOutcome.Cancelled, cancelled.Outcome);
        var last = CheckpointFiles.List(interrupted.Path)[^1];

        var secondPart = new RecordingObserver();
        var resumed = TokenClassificationTrainer.Resume(new TokenTrainingJob(config, sentences, labels, interrupted.Path) { ValidationExamples = sentences },
            last, secondPart, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.Equal(straightObserver.Values("train/loss").TakeLast(secondPart.Values("train/loss").Count), secondPart.Values("train/loss"));
        Assert.Equal(straightObserver.Values("val/entity_f1")[^1], secondPart.Values("val/entity_f1")[^1]);
    }

    [Fact]
    public void A_model_without_wordpiece_is_refused_for_token_classification()
    {
        var errors = (Config with { Model = "tiny-transformer", Task = TaskNames.TokenClassification }).Validate();

        Assert.Contains(errors, error => error.Field == "model" && error.Message.Contains("cannot tag tokens", StringComparison.Ordinal));
    }
}
