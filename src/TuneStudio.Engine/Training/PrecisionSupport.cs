using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// Whether a device can train in bfloat16, and what the studio measured about it on the CPU (docs/benchmarks.md,
// bench/TuneStudio.Bench.Engine precision): the run dialog's hint and the run log's notice say the same.
public static class PrecisionSupport
{
    // Stated tolerance of bfloat16 against float32 (MixedPrecisionTests holds the engine to it): epoch-mean training
    // loss and validation loss within LossTolerance, validation accuracy within AccuracyTolerance.
    public const double LossTolerance = 0.02, AccuracyTolerance = 0.025;

    private const string Measured =
        "measured on a 2-core CPU with AVX-512 BF16: MiniLM steps in 0.65× float32's time (full fine-tuning) and 0.59× (LoRA r=8), " +
        "losses within 0.001 and accuracy within 0.01 of float32's (stated tolerance 0.02 and 0.025)";

    // The CPU's own bfloat16 instructions; without them libtorch emulates bfloat16 and it runs slower than float32.
    public static bool CpuHasBfloat16Instructions { get; } = ReadCpuFlags().Overlaps(["avx512_bf16", "amx_bf16"]);

    public static string Hint(PrecisionKind precision) => precision switch
    {
        PrecisionKind.Float32 => "float32 throughout",
        _ when TorchRuntime.DeviceName == "cuda" => "bfloat16 forward and backward, float32 master weights",
        _ when CpuHasBfloat16Instructions => $"on this CPU: {Measured}",
        _ => "this CPU lacks bfloat16 instructions: expect bfloat16 to be slower than float32",
    };

    // The run log's notice. A bfloat16 request is always honoured (float32 is the default, so someone chose it);
    // on a CPU without bfloat16 instructions the notice warns that it will be slower.
    internal static string Bfloat16Notice(Device device) =>
        device.type == DeviceType.CUDA
            ? "Training in bfloat16 with float32 master weights."
            : CpuHasBfloat16Instructions
                ? $"Training in bfloat16 with float32 master weights on the CPU; {Measured}."
                : $"Warning: training in bfloat16 on a CPU without bfloat16 instructions (avx512_bf16, amx_bf16): expect it slower than float32. The studio {Measured}.";

    // A GPU without bfloat16 support fails the run with this reason rather than silently train in float32.
    internal static void EnsureBfloat16(Device device)
    {
        if (device.type != DeviceType.CUDA) return;
        try
        {
            using var probe = ones(2, 2, dtype: ScalarType.BFloat16, device: device);
            using var product = probe.matmul(probe);
            product.cpu().Dispose();
        }
        catch (Exception exception) when (exception is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"This GPU cannot train in bfloat16 ({exception.Message}); choose precision float32.", exception);
        }
    }

    private static HashSet<string> ReadCpuFlags()
    {
        try
        {
            var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("flags", StringComparison.Ordinal));
            return flags is null ? [] : flags[(flags.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }
}
