using static TorchSharp.torch;

namespace TuneStudio.Bench;

// The measured batch: 16 texts long enough to fill 64 WordPiece tokens each.
public static class Workload
{
    public const int Batch = 16, Length = 64;

    private static readonly string[] Words =
        ["studio", "model", "training", "quickly", "river", "bright", "number", "evening", "market", "gentle", "window", "signal", "garden"];

    public static IReadOnlyList<string> Texts { get; } = Enumerable.Range(0, Batch)
        .Select(row => string.Join(' ', Enumerable.Range(0, 80).Select(word => Words[(row * 7 + word * 3) % Words.Length])))
        .ToList();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static long PeakRssMegabytes() =>
        long.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;

    public static Device Cpu => CPU;
}
