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

    internal static torch.Device TorchDevice => torch.device(DeviceName);
}
