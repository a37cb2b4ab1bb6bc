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
        Console.WriteLine(FormattableString.Invariant($"RESULT {median} {peak}"));
    }
}
