using System.Runtime.InteropServices;
using TorchSharp;

namespace TuneStudio.Engine;

public static class TorchRuntime
{
    private static readonly Lock ConfigureGate = new();
    private static readonly Lazy<string> Device = new(() => torch.cuda.is_available() ? "cuda" : "cpu");
    private static bool configured;

    public static string DeviceName => Device.Value;

    // On 2 cores, two torch threads competing with the web server's threads ran at a tenth of their speed
    // (PLATFORM.md), so torch keeps one core free.
    public static void Configure()
    {
        lock (ConfigureGate)
        {
            if (configured) return;
            if (DeviceName == "cpu")
                torch.set_num_threads(Math.Max(1, Environment.ProcessorCount - 1));
            configured = true;
        }
    }

    // Called once a run has built its model: what building left behind would otherwise count in the run's peak RSS.
    // The ONNX file's bytes are managed arrays that wait for a full collection, tensors nobody disposed wait for their
    // finalizers, and glibc keeps freed heap memory in the process until malloc_trim hands the free pages back (the
    // peak-memory bench saw "ready" RSS vary by 90 MB between identical runs without this). Elsewhere (musl, Windows,
    // macOS) there is no malloc_trim to call, which is fine.
    internal static void ReturnFreeMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        TrimNativeHeap();
    }

    // glibc's free pages go back to the system (see ReturnFreeMemory); a no-op where there is no malloc_trim.
    internal static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { MallocTrim(0); }
        catch (EntryPointNotFoundException) { }
        catch (DllNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    internal static torch.Device TorchDevice => torch.device(DeviceName);

    // torch's random generator is process-wide: a run draws from it (initial weights, dropout) and so does any
    // model built beside it (a plan preview, the batch-size probe). Whatever touches it holds this lock, and work
    // outside a run puts the generator back as it found it, so a run's losses stay bit-identical for its seed.
    internal static readonly Lock RandomGenerator = new();

    internal static T PreservingRandomState<T>(Func<T> work)
    {
        lock (RandomGenerator)
        {
            using var saved = torch.random.get_rng_state();
            try { return work(); }
            finally { torch.random.set_rng_state(saved); }
        }
    }
}
