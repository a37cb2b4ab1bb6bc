using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks.MultiLabel;
using TuneStudio.Engine.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Tasks.MultiLabel;

public class MultiLabelExportTests
{
    private static readonly string[] Probe = ["Mollee", "Udall", "Bo", "Alexandria"];

    [Fact]
    public void Export_is_a_multi_label_BertForSequenceClassification_whose_weights_give_the_checkpoints_outputs()
    {
        var (train, validation) = FirstNameLabelSets.Split(take: 60);
        var config = new TrainingConfig
        {
            Model = MiniLmDefinition.Id, Method = FineTuneMethod.Full, LearningRate = 1e-4, BatchSize = 16, Epochs = 1, Seed = 3,
            WarmupSteps = 0, MaxSequenceLength = 16, Checkpoints = new CheckpointOptions { EachEpoch = false, KeepLast = 1 },
        };
        using var runs = new TemporaryDirectory();
        var result = MultiLabelClassificationTrainer.Run(
            new MultiLabelTrainingJob(config, train, FirstNameLabelSets.Labels, Path.Combine(runs.Path, "run")) { ValidationExamples = validation },
            new RecordingObserver(), CancellationToken.None);
        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        var checkpoint = CheckpointFiles.List(Path.Combine(runs.Path, "run"))[^1];
        var folder = Path.Combine(runs.Path, "export");

        MultiLabelClassificationTrainer.ExportHuggingFace(checkpoint, folder);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, HuggingFaceFiles.Config)))!;
        Assert.Equal("BertForSequenceClassification", json["architectures"]![0]!.GetValue<string>());
        Assert.Equal("multi_label_classification", json["problem_type"]!.GetValue<string>());
        Assert.Equal("mean", json[HuggingFaceFiles.PoolingKey]!.GetValue<string>());
        for (var i = 0; i < FirstNameLabelSets.Labels.Length; i++)
        {
            Assert.Equal(FirstNameLabelSets.Labels[i], json["id2label"]![i.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.GetValue<string>());
            Assert.Equal(i, json["label2id"]![FirstNameLabelSets.Labels[i]]!.GetValue<int>());
        }
        var stored = MultiLabelThresholds.Read(checkpoint, FirstNameLabelSets.Labels);
        Assert.All(FirstNameLabelSets.Labels, label => Assert.Equal(stored.ByLabel[label], json[MultiLabelClassificationTrainer.ThresholdsKey]![label]!.GetValue<double>()));
        Assert.True(File.Exists(Path.Combine(folder, HuggingFaceFiles.Vocabulary)));

        using var trained = TrainedTextClassifier.Load(checkpoint);
        using var fresh = new BertTextClassifier(BertConfig.MiniLmL6, BertPooling.Mean, FirstNameLabelSets.Labels.Length);
        using (var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)))
        {
            // The pooler is the export's identity stand-in for stock transformers; a mean-pooling model has none.
            var dict = weights.Tensors.Where(entry => !entry.Key.StartsWith("bert.pooler.", StringComparison.Ordinal)).ToDictionary();
            var (missing, unexpected) = fresh.load_state_dict(dict, strict: false);
            Assert.Empty(missing);
            Assert.Empty(unexpected);
        }
        fresh.eval();
        Assert.Equal(Logits(trained.Model, Probe), Logits(fresh, Probe));
    }

    private static float[] Logits(TuneStudio.Engine.Models.TextClassifierModel model, IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = new MiniLmDefinition().CreateTokenizer().Encode(texts, 16, CPU);
        return model.forward(batch.InputIds, batch.AttentionMask).data<float>().ToArray();
    }
}
