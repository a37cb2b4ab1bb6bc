using System.Diagnostics;
using TorchSharp;
using TuneStudio.Engine;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Bench;

// The studio's whole loop (data order, tokenising, metrics, guard, LR groups) against the smallest TorchSharp loop
// that trains the same model on the same batches (same order, so the same padded lengths) with the same optimizer. Rounds alternate so drift hits both.
internal static class EngineOverhead
{
    private static readonly TrainingConfig Config = new()
    {
        Epochs = 3, BatchSize = 32, MaxSequenceLength = 24, LearningRate = 3e-3, ValidationFraction = 0.01,
        Checkpoints = new CheckpointOptions { EachEpoch = false },
    };

    public static int Run(int rounds)
    {
        var (examples, labels) = FirstNames.Load();
        var train = TrainValidationSplit.Create(examples, Config.ValidationFraction, Config.Seed).Train;
        var samples = train.Count * Config.Epochs;
        Studio(examples, labels); Bare(train, labels.Count); // warm-up: JIT, torch's thread pool
        var studio = new List<double>();
        var bare = new List<double>();
        var studioCpu = new List<double>();
        var bareCpu = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Wall-clock samples/s, and samples per CPU-second: on a machine shared with other jobs the second
            // is the steadier measure of how much work each loop does.
            var (wall, cpu) = Timed(() => Studio(examples, labels));
            studio.Add(samples / wall); studioCpu.Add(samples / cpu);
            (wall, cpu) = Timed(() => Bare(train, labels.Count));
            bare.Add(samples / wall); bareCpu.Add(samples / cpu);
            Console.WriteLine($"round {round + 1}: studio {studio[^1]:F0} samples/s, bare {bare[^1]:F0} samples/s, ratio {studio[^1] / bare[^1]:F3}; per CPU-second ratio {studioCpu[^1] / bareCpu[^1]:F3}");
        }
        var loopRatios = new List<double>();
        var loopSamples = samples - Config.BatchSize; // the first step's end starts the clock
        for (var round = 0; round < rounds; round++)
        {
            var studioLoop = loopSamples / StudioLoop(examples, labels);
            var bareLoop = loopSamples / BareLoop(train, labels.Count);
            loopRatios.Add(studioLoop / bareLoop);
            Console.WriteLine($"loop only, round {round + 1}: studio {studioLoop:F0} samples/s, bare {bareLoop:F0} samples/s, ratio {loopRatios[^1]:F3}");
        }
        Console.WriteLine($"loop only: median of per-round ratios {Median(loopRatios):F3}");
        var cpuRatios = studioCpu.Zip(bareCpu, (s, b) => s / b).ToList();
        Console.WriteLine($"median per-CPU-second ratio {Median(cpuRatios):F3}");
        // Per-round ratios: a neighbour's load burst then hits one pair, not the whole comparison.
        var ratios = studio.Zip(bare, (s, b) => s / b).ToList();
        Console.WriteLine($"median: studio {Median(studio):F0}, bare {Median(bare):F0}, median of per-round ratios {Median(ratios):F3} " +
                          $"({train.Count} examples × {Config.Epochs} epochs, batch {Config.BatchSize}, {torch.get_num_threads()} torch threads)");
        return 0;
    }

    private static (double Wall, double Cpu) Timed(Action run)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        run();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    // Seconds from the end of the first step to the end of the last: the loop alone, without setup and the final
    // checkpoint (an fsync'd file write that a bare loop does not do).
    private static double StudioLoop(IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels)
    {
        var observer = new StepClock();
        Studio(examples, labels, observer);
        return observer.Seconds;
    }

    private static double BareLoop(IReadOnlyList<TextExample> train, int labelCount)
    {
        var observer = new StepClock();
        Bare(train, labelCount, observer);
        return observer.Seconds;
    }

    private static double Studio(IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels, ITrainingObserver? observer = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "tunestudio-bench", Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        var result = TextClassificationTrainer.Run(new TrainingJob(Config, examples, labels, root), observer ?? new NullObserver(), CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        if (result.Outcome != TrainingOutcome.Completed) throw new InvalidOperationException(result.FailureReason);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        return seconds;
    }

    private static double Bare(IReadOnlyList<TextExample> train, int labelCount, StepClock? steps = null)
    {
        var clock = Stopwatch.StartNew();
        torch.manual_seed(Config.Seed);
        var definition = FineTuneSetup.Definition(Config, ModelCatalog.BuiltIn);
        using var model = FineTuneSetup.Prepare(definition.CreateModel(labelCount), Config, ModelCatalog.BuiltIn);
        var tokenizer = definition.CreateTokenizer();
        var parameters = model.parameters().ToList();
        using var optimizer = optim.AdamW(parameters, Config.LearningRate, Config.Beta1, Config.Beta2, Config.Epsilon, Config.WeightDecay);
        model.train();
        for (var epoch = 1; epoch <= Config.Epochs; epoch++)
        foreach (var batch in DataOrder.ForEpoch(Config.Seed, epoch, train.Count).Select(index => train[index]).Chunk(Config.BatchSize))
        {
            using var scope = NewDisposeScope();
            var inputs = tokenizer.Encode(batch.Select(example => example.Text).ToList(), Config.MaxSequenceLength, CPU);
            var labels = tensor(batch.Select(example => (long)example.Label).ToArray());
            var loss = nn.functional.cross_entropy(model.forward(inputs.InputIds, inputs.AttentionMask), labels);
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, Config.GradientClipNorm);
            optimizer.step();
            _ = loss.item<float>();
            steps?.Step();
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class StepClock : ITrainingObserver
    {
        private readonly Stopwatch clock = new();
        private TimeSpan first = TimeSpan.MinValue, last;

        public double Seconds => (last - first).TotalSeconds;

        public void Step()
        {
            if (!clock.IsRunning) clock.Start();
            if (first == TimeSpan.MinValue) first = clock.Elapsed;
            last = clock.Elapsed;
        }

        public void OnMetrics(IReadOnlyList<MetricPoint> points)
        {
            if (points.Any(point => point.Key == "train/loss")) Step();
        }

        public void OnCheckpoint(CheckpointInfo checkpoint) { }
        public void OnMessage(string message) { }
    }

    private sealed class NullObserver : ITrainingObserver
    {
        public void OnMetrics(IReadOnlyList<MetricPoint> points) { }
        public void OnCheckpoint(CheckpointInfo checkpoint) { }
        public void OnMessage(string message) { }
    }
}
