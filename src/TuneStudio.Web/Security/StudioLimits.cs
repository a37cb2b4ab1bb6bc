namespace TuneStudio.Web.Security;

// "TuneStudio:Limits": what one request may make the studio hold. Checked before anything is built or stored.
public sealed class StudioLimits
{
    public const string Section = "TuneStudio:Limits";

    // An imported model's weights (float32 parameters × 4 bytes, from config.json and the safetensors header)
    // above this are refused before the network is built. 0: a quarter of this machine's memory.
    public long MaxModelBytes { get; set; }

    // A run whose estimated memory (RunMemoryEstimate: weights, gradients, optimizer state, activations of one
    // batch) is above this is refused before it is queued. 0: three quarters of this machine's memory.
    public long MaxRunMemoryBytes { get; set; }

    // A JSON request body above this is refused (413) before it is parsed.
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    // Form fields in one multipart upload; more is a 400 naming this limit.
    public int MaxFormFields { get; set; } = 64;

    public long ModelBytes => MaxModelBytes > 0 ? MaxModelBytes : MachineMemory / 4;

    public long RunMemoryBytes => MaxRunMemoryBytes > 0 ? MaxRunMemoryBytes : MachineMemory / 4 * 3;

    private static long MachineMemory => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static string Format(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GiB" : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MiB" : $"{bytes:N0} bytes";
}
