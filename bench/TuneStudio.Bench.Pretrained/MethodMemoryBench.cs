using System.Globalization;
using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Bench;

// Peak memory of one fine-tuning method on MiniLM through the studio's own trainer, in a process of its own.
// Linux keeps one peak (VmHWM) per process; writing 5 to /proc/self/clear_refs resets it to the current RSS, so
// the peak is read in phases: loading (process start to the model, optimizer and data built: the ONNX parse and its
// weight cache included), training (reset once the recipe reports it is set up, read at the last step: weights,
// gradients, optimizer state, activations, the allocator's cached memory) and the end (validation, final checkpoint).
// Prints "RESULT <method> <trainable> <step ms> <rss before model> <load peak> <rss ready> <train peak> <end peak>".
public static class MethodMemoryBench
{
    public const int Steps = 4;

    public static readonly IReadOnlyDictionary<string, TrainingConfig> Methods = new Dictionary<string, TrainingConfig>
    {
        ["full"] = Config(FineTuneMethod.Full),
        ["freeze"] = Config(FineTuneMethod.Freeze) with { TrainableTopLayers = 1 },
        ["bitFit"] = Config(FineTuneMethod.BitFit),
        ["lora-r4"] = Lora(4),
        ["lora-r8"] = Lora(8),
        ["lora-r16"] = Lora(16),
        // Where the activations weigh less: no dropout (the attention's dropout keeps its probabilities and mask), a smaller batch.
        ["full-dropout0"] = Config(FineTuneMethod.Full) with { DropoutOverride = 0 },
        ["lora-r8-dropout0"] = Lora(8) with { DropoutOverride = 0 },
        ["full-batch4"] = Config(FineTuneMethod.Full) with { BatchSize = 4 },
        ["lora-r8-batch4"] = Lora(8) with { BatchSize = 4 },
        // Each encoder layer recomputed in the backward: only the layers' inputs are kept through the forward.
        ["full-checkpointing"] = Config(FineTuneMethod.Full) with { GradientCheckpointing = true },
        ["lora-r8-checkpointing"] = Lora(8) with { GradientCheckpointing = true },
    };

    public static void Run(string method)
    {
        var config = Methods[method];
        var beforeModel = Rss("VmRSS");
        var examples = Workload.Texts.Select((text, row) => new TextExample(text, row % 2)).ToList();
        var train = Enumerable.Range(0, config.BatchSize * Steps).Select(row => examples[row % examples.Count]).ToList();
        var observer = new PhaseObserver(config.BatchSize);
        var root = Path.Combine(Path.GetTempPath(), "tunestudio-bench", Guid.NewGuid().ToString("N"));
        var result = TextClassificationTrainer.Run(new TrainingJob(config, train, ["a", "b"], root) { ValidationExamples = examples.Take(2).ToList() },
            observer, CancellationToken.None);
        if (result.Outcome != TrainingOutcome.Completed) throw new InvalidOperationException(result.FailureReason);
        var endPeak = Rss("VmHWM");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {method} {observer.Trainable} {Workload.Median(observer.StepMilliseconds.Skip(1))} {beforeModel} {observer.LoadPeak} {observer.Ready} {observer.TrainPeak} {endPeak}"));
    }

    private static TrainingConfig Config(FineTuneMethod method) => new()
    {
        Model = "minilm-l6", Method = method, BatchSize = Workload.Batch, MaxSequenceLength = Workload.Length, Epochs = 1, LearningRate = 1e-5,
        Checkpoints = new CheckpointOptions { EachEpoch = false },
    };

    private static TrainingConfig Lora(int rank) =>
        Config(FineTuneMethod.Lora) with { Lora = new LoraOptions { Rank = rank, Alpha = 2 * rank, TargetModules = ["query", "value"] } };

    // MB from /proc/self/status.
    public static long Rss(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    private sealed class PhaseObserver(int batch) : ITrainingObserver
    {
        public long LoadPeak, Ready, TrainPeak, Trainable;
        public List<double> StepMilliseconds { get; } = [];

        public void OnMessage(string message)
        {
            // "Training on cpu: N of M parameters trainable": the recipe has built everything.
            if (!message.StartsWith("Training on", StringComparison.Ordinal)) return;
            Trainable = long.Parse(message.Split(' ')[3], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            LoadPeak = Rss("VmHWM");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Ready = Rss("VmRSS");
            File.WriteAllText("/proc/self/clear_refs", "5");
        }

        public void OnMetrics(IReadOnlyList<MetricPoint> points)
        {
            if (points.FirstOrDefault(point => point.Key == "train/samples_per_sec") is { } rate)
                StepMilliseconds.Add(batch / rate.Value * 1000);
            if (points.Any(point => point.Key == "train/loss" && point.Step == Steps)) TrainPeak = Rss("VmHWM");
        }

        public void OnCheckpoint(CheckpointInfo checkpoint) { }
    }
}
