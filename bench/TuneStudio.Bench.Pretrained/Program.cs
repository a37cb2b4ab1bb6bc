using System.Diagnostics;
using System.Globalization;
using TuneStudio.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Each training-step measurement runs in a child process of its own, so peak RSS belongs to that method alone.
switch (args)
{
    case ["step", var method]:
        TrainingStepBench.Run(method == "lora");
        return;
    default:
        Console.WriteLine($"MiniLM (all-MiniLM-L6-v2) on {Environment.ProcessorCount} cores, batch {Workload.Batch} x {Workload.Length} tokens, float32, medians");
        InferenceBench.Run();
        var full = RunChild("full");
        var lora = RunChild("lora");
        Console.WriteLine($"step time full / LoRA: {full.Milliseconds / lora.Milliseconds:F2}x; peak RSS full / LoRA: {(double)full.PeakMegabytes / lora.PeakMegabytes:F2}x");
        return;
}

static (double Milliseconds, long PeakMegabytes) RunChild(string method)
{
    var self = Environment.ProcessPath!;
    var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? new ProcessStartInfo(self, [typeof(Workload).Assembly.Location, "step", method])
        : new ProcessStartInfo(self, ["step", method]);
    start.RedirectStandardOutput = true;
    using var child = Process.Start(start)!;
    var lines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    child.WaitForExit();
    foreach (var line in lines.Where(line => !line.StartsWith("RESULT"))) Console.WriteLine(line);
    var result = lines.Single(line => line.StartsWith("RESULT")).Split(' ');
    return (double.Parse(result[1], CultureInfo.InvariantCulture), long.Parse(result[2], CultureInfo.InvariantCulture));
}
