using System.Diagnostics;
using TorchSharp;
using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Bench;

// One AdamW step on MiniLM (forward, backward, optimizer), full fine-tuning or LoRA r=8 on query/value,
// with torch threads as the studio sets them (cores - 1). Prints "RESULT <median ms> <peak RSS MB>".
public static class TrainingStepBench
{
    private const int Warmup = 2, Runs = 6;

    public static void Run(bool lora)
    {
        TorchRuntime.Configure();
        var definition = new MiniLmDefinition();
        var tokenizer = definition.CreateTokenizer();
        using var model = definition.CreateModel(2);
        if (lora) LoraInjector.Inject(model, new LoraOptions { Rank = 8, Alpha = 16, TargetModules = ["query", "value"] });
        model.train();
        var parameters = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = torch.optim.AdamW(parameters, lr: 1e-5);
        var labels = tensor(Enumerable.Range(0, Workload.Batch).Select(row => (long)(row % 2)).ToArray());
        var inputs = tokenizer.Encode(Workload.Texts, Workload.Length, Workload.Cpu);

        var times = new List<double>();
        for (var step = 0; step < Warmup + Runs; step++)
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                var loss = nn.functional.cross_entropy(model.forward(inputs.InputIds, inputs.AttentionMask), labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            if (step >= Warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var median = Workload.Median(times);
        var peak = Workload.PeakRssMegabytes();
        var trainable = parameters.Sum(parameter => parameter.numel());
        Console.WriteLine($"training step, {(lora ? "LoRA r=8 query/value" : "full")} ({trainable:N0} trainable, {torch.get_num_threads()} threads): {median:F0} ms, peak RSS {peak} MB");
        if (!lora) ReportUtilisation(median);
        Console.WriteLine(FormattableString.Invariant($"RESULT {median} {peak}"));
    }

    // Issue 4's utilisation: the step's non-embedding matmul FLOPs (forward ×3 for forward + backward) per second,
    // against a float32 2048³ matmul measured now with the same threads. MiniLM-L6: 6 layers, hidden 384, FFN 1536.
    private static void ReportUtilisation(double stepMilliseconds)
    {
        const double layers = 6, hidden = 384, ffn = 1536, tokens = Workload.Batch * Workload.Length;
        double perLayer = 2 * tokens * hidden * hidden * 4                       // query, key, value, attention output
                        + 2 * 2 * Workload.Batch * Workload.Length * (double)Workload.Length * hidden // scores and weighted values
                        + 2 * 2 * tokens * hidden * ffn;                         // feed-forward in and out
        double stepFlops = 3 * layers * perLayer;

        const int n = 2048;
        using var a = torch.rand(n, n);
        using var b = torch.rand(n, n);
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var c = a.matmul(b)) c.sum().item<float>();
            if (i >= 2) times.Add(clock.Elapsed.TotalSeconds);
        }
        double peak = 2.0 * n * n * n / Workload.Median(times);
        double achieved = stepFlops / (stepMilliseconds / 1000);
        Console.WriteLine(FormattableString.Invariant(
            $"utilisation: {stepFlops / 1e9:F1} GFLOP per step at {achieved / 1e9:F1} GFLOP/s of a {peak / 1e9:F1} GFLOP/s matmul peak ({torch.get_num_threads()} threads) = {achieved / peak:F2}"));
    }
}
