using System.Globalization;
using System.Text.RegularExpressions;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

// The methods a head-less encoder can train each train the parameters they promise, and nothing else.
public class SentenceEmbeddingMethodMatrixTests
{
    private static readonly TrainingConfig Short = SentenceEmbeddingRunFixture.Config with
    {
        BatchSize = 8, Epochs = 1, MaxSequenceLength = 16, TrainableTopLayers = 1,
    };

    public static TheoryData<FineTuneMethod, PrecisionKind> Methods => new()
    {
        { FineTuneMethod.Full, PrecisionKind.Float32 },
        { FineTuneMethod.Freeze, PrecisionKind.Float32 },
        { FineTuneMethod.BitFit, PrecisionKind.Float32 },
        { FineTuneMethod.Lora, PrecisionKind.Bfloat16 },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Method_trains_the_parameters_it_promises(FineTuneMethod method, PrecisionKind precision)
    {
        var pairs = WordNetPairs.All();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();

        var result = SentenceEmbeddingTrainer.Run(new SentenceEmbeddingJob(Short with { Method = method, Precision = precision }, pairs.Take(16).ToList(), directory.Path)
        {
            ValidationExamples = pairs.Skip(16).Take(8).ToList(),
        }, observer, CancellationToken.None);

        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        Assert.All(observer.Values("train/loss"), loss => Assert.True(double.IsFinite(loss)));
        Assert.Equal(Expected(method), TrainableReported(observer));
    }

    // Counted on a bare encoder of the same shape, from parameter names alone.
    private static long Expected(FineTuneMethod method)
    {
        using var encoder = new BertSentenceEncoder(BertConfig.MiniLmL6);
        var parameters = encoder.named_parameters().ToList();
        var config = BertConfig.MiniLmL6;
        return method switch
        {
            FineTuneMethod.Full => parameters.Sum(entry => entry.parameter.numel()),
            FineTuneMethod.Freeze => parameters.Where(entry => entry.name.StartsWith("bert.encoder.layer.5.", StringComparison.Ordinal)).Sum(entry => entry.parameter.numel()),
            FineTuneMethod.BitFit => parameters.Where(entry => entry.name.EndsWith(".bias", StringComparison.Ordinal)).Sum(entry => entry.parameter.numel()),
            // Rank-8 A and B on query and value of each layer.
            FineTuneMethod.Lora => config.NumHiddenLayers * 2L * (8 * config.HiddenSize + config.HiddenSize * 8),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    private static long TrainableReported(RecordingObserver observer)
    {
        var match = observer.Messages.Select(message => Regex.Match(message, @"^Training on \S+: ([\d,]+) of")).First(found => found.Success);
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
}
