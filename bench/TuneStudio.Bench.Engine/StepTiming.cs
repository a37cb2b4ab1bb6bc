using System.Diagnostics;
using TorchSharp;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Bench;

// Full fine-tuning steps (forward, backward, AdamW) of a randomly initialised encoder shaped like MiniLM-L6
// (hidden 384, 12 heads, feed-forward 1536, its 30,522-token vocabulary) but 3 blocks, batch 16 × 64 tokens: the
// embedding table's dense gradient and AdamW's temporaries over it (47 MB each) are where glibc's allocator shows.
// Without the pre-trained weights this branch does not have.
internal static class StepTiming
{
    private const int Vocabulary = 30_522;

    public static int Run(int threads)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(1);
        var shape = new TinyTransformerShape { VocabularySize = Vocabulary, Hidden = 384, Heads = 12, FeedForward = 1536, Layers = 3, MaxPositions = 64 };
        using var model = new TinyTransformerClassifier(shape, 2);
        using var optimizer = optim.AdamW(model.parameters(), 1e-4, weight_decay: 0.01);
        model.train();
        var times = new List<double>();
        var cpuTimes = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var step = 0; step < 14; step++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                var ids = randint(3, Vocabulary, [16, 64], dtype: ScalarType.Int64);
                var mask = ones([16, 64], dtype: ScalarType.Bool);
                var labels = randint(0, 2, [16], dtype: ScalarType.Int64);
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.forward(ids, mask), labels).backward();
                optimizer.step();
            }
            if (step < 4) continue; // the first steps allocate optimizer state
            times.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpuTimes.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
        }
        var peak = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmHWM:"));
        Console.WriteLine($"median_ms {times.Order().ElementAt(times.Count / 2):F1} min_ms {times.Min():F1} cpu_ms {cpuTimes.Order().ElementAt(cpuTimes.Count / 2):F1} peak {peak.Split(':')[1].Trim()}");
        return 0;
    }
}
