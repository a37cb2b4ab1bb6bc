using TorchSharp;
using TuneStudio.Engine;

namespace TuneStudio.Bench;

// precision: float32 against bfloat16 (float32 master weights) through the studio's own trainer.
// Speed: MiniLM steps of 16 × 64 tokens, full fine-tuning and LoRA r=8, rounds alternating the two precisions;
// each step's time comes from the trainer's own samples/s metric, the first two steps of a run dropped.
// Quality: the same seeded runs on first names in both precisions, final losses and accuracy side by side.
internal static class PrecisionComparison
{
    private static readonly string[] Words =
        ["studio", "model", "training", "quickly", "river", "bright", "number", "evening", "market", "gentle", "window", "signal", "garden"];

    public static int Run(int rounds)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, torch threads as the studio sets them; load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var method in new[] { FineTuneMethod.Full, FineTuneMethod.Lora })
            Speed(method, rounds);
        Quality("tiny-transformer", FineTuneMethod.Full, learningRate: 3e-3, epochs: 3);
        Quality("minilm-l6", FineTuneMethod.Full, learningRate: 5e-5, epochs: 2);
        Quality("minilm-l6", FineTuneMethod.Lora, learningRate: 1e-3, epochs: 2);
        Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static void Speed(FineTuneMethod method, int rounds)
    {
        const int batch = 16, steps = 8;
        var examples = Enumerable.Range(0, batch * steps)
            .Select(row => new TextExample(string.Join(' ', Enumerable.Range(0, 80).Select(word => Words[(row * 7 + word * 3) % Words.Length])), row % 2))
            .ToList();
        var config = new TrainingConfig
        {
            Model = "minilm-l6", Method = method, BatchSize = batch, MaxSequenceLength = 64, Epochs = 1, LearningRate = 1e-5,
            Checkpoints = new CheckpointOptions { EachEpoch = false },
        };
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var float32 = StepMilliseconds(config, examples);
            var bfloat16 = StepMilliseconds(config with { Precision = PrecisionKind.Bfloat16 }, examples);
            ratios.Add(bfloat16 / float32);
            Console.WriteLine($"MiniLM {method} step, round {round + 1}: float32 {float32:F0} ms, bfloat16 {bfloat16:F0} ms, bfloat16/float32 {ratios[^1]:F2}");
        }
        Console.WriteLine($"MiniLM {method} step: median of per-round ratios bfloat16/float32 {Median(ratios):F2} ({torch.get_num_threads()} torch threads)");
    }

    private static double StepMilliseconds(TrainingConfig config, IReadOnlyList<TextExample> examples)
    {
        var observer = new Recorder();
        Train(config, examples, ["a", "b"], observer, validation: examples.Take(2).ToList());
        return Median(observer.Values("train/samples_per_sec").Skip(2).Select(rate => config.BatchSize / rate * 1000).ToList());
    }

    private static void Quality(string model, FineTuneMethod method, double learningRate, int epochs)
    {
        var (examples, labels) = FirstNames.Load();
        var config = new TrainingConfig
        {
            Model = model, Method = method, LearningRate = learningRate, Epochs = epochs, BatchSize = 32, MaxSequenceLength = 16, Seed = 5,
            Checkpoints = new CheckpointOptions { EachEpoch = false },
        };
        var float32 = new Recorder();
        var bfloat16 = new Recorder();
        Train(config, examples, labels, float32);
        Train(config with { Precision = PrecisionKind.Bfloat16 }, examples, labels, bfloat16);
        string Line(Recorder r) =>
            $"last-epoch train loss {r.Values("train/loss").TakeLast(20).Average():F4}, val loss {r.Values("val/loss")[^1]:F4}, val accuracy {r.Values("val/accuracy")[^1]:F4}";
        Console.WriteLine($"{model} {method}, first names, {epochs} epochs: float32 {Line(float32)}");
        Console.WriteLine($"{model} {method}, first names, {epochs} epochs: bfloat16 {Line(bfloat16)}");
        var epochDifferences = float32.Values("val/loss").Zip(bfloat16.Values("val/loss"), (a, b) => Math.Abs(a - b));
        var accuracyDifferences = float32.Values("val/accuracy").Zip(bfloat16.Values("val/accuracy"), (a, b) => Math.Abs(a - b));
        Console.WriteLine($"  largest per-epoch difference: val loss {epochDifferences.Max():F4}, val accuracy {accuracyDifferences.Max():F4}");
    }

    private static void Train(TrainingConfig config, IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels, ITrainingObserver observer,
        IReadOnlyList<TextExample>? validation = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "tunestudio-bench", Guid.NewGuid().ToString("N"));
        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples, labels, root) { ValidationExamples = validation }, observer, CancellationToken.None);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        if (result.Outcome != TrainingOutcome.Completed) throw new InvalidOperationException(result.FailureReason);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class Recorder : ITrainingObserver
    {
        private readonly List<MetricPoint> points = [];

        public List<double> Values(string key) => points.Where(point => point.Key == key).Select(point => point.Value).ToList();

        public void OnMetrics(IReadOnlyList<MetricPoint> metrics) => points.AddRange(metrics);

        public void OnCheckpoint(CheckpointInfo checkpoint) { }

        public void OnMessage(string message) { }
    }
}
