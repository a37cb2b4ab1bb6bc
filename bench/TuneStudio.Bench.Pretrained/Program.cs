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
    case ["method-memory", var method]:
        MethodMemoryBench.Run(method);
        return;
    case ["memory", ..]:
        MemoryTable(rounds: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1,
            args.Length > 2 ? args[2].Split(',') : [.. MethodMemoryBench.Methods.Keys]);
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
    var result = Child("step", method);
    return (double.Parse(result[1], CultureInfo.InvariantCulture), long.Parse(result[2], CultureInfo.InvariantCulture));
}

// Each method in a fresh process (rounds alternate the methods); the training peak is the one to compare.
static void MemoryTable(int rounds, IReadOnlyList<string> methods)
{
    Console.WriteLine($"MiniLM, {MethodMemoryBench.Steps} steps of {Workload.Batch} (or 4) x {Workload.Length} tokens per method, one process each; load {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine("method | trainable | step ms | RSS before model | load peak | RSS ready | training peak | added by training | end peak (validation, checkpoint)");
    var rows = new List<string[]>();
    for (var round = 0; round < rounds; round++)
        foreach (var method in methods)
        {
            var r = Child("method-memory", method);
            rows.Add(r);
            Console.WriteLine($"{r[1]} | {long.Parse(r[2]):N0} | {double.Parse(r[3], CultureInfo.InvariantCulture):F0} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | {long.Parse(r[7]) - long.Parse(r[6])} | {r[8]}");
        }
    double Median(string method, Func<string[], double> value) => Workload.Median(rows.Where(r => r[1] == method).Select(value));
    // Each method against full fine-tuning of the same variant (dropout 0, batch 4), full against itself.
    foreach (var method in methods)
    {
        var variant = method.Contains('-') && method.Split('-')[^1] is var last && (last is "dropout0" or "batch4" or "checkpointing") ? "-" + last : "";
        var full = "full" + variant;
        double Peak(string m) => Median(m, r => long.Parse(r[7]));
        double Added(string m) => Median(m, r => long.Parse(r[7]) - long.Parse(r[6]));
        double Step(string m) => Median(m, r => double.Parse(r[3], CultureInfo.InvariantCulture));
        Console.WriteLine($"{method}: training peak / {full} {Peak(method) / Peak(full):F2}, added by training / {full}'s {Added(method) / Added(full):F2}, step time / {full} {Step(method) / Step(full):F2}");
        // Checkpointing against plain full fine-tuning and against the same method without it.
        if (variant != "-checkpointing" || !methods.Contains("full")) continue;
        var plain = method[..^variant.Length];
        Console.WriteLine($"{method}: training peak / full {Peak(method) / Peak("full"):F2}, step time / full {Step(method) / Step("full"):F2}" +
            (methods.Contains(plain) && plain != "full" ? $", training peak / {plain} {Peak(method) / Peak(plain):F2}, step time / {plain} {Step(method) / Step(plain):F2}" : ""));
    }
}

static string[] Child(params string[] arguments)
{
    var self = Environment.ProcessPath!;
    var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? new ProcessStartInfo(self, [typeof(Workload).Assembly.Location, .. arguments])
        : new ProcessStartInfo(self, arguments);
    start.RedirectStandardOutput = true;
    using var child = Process.Start(start)!;
    var lines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    child.WaitForExit();
    foreach (var line in lines.Where(line => !line.StartsWith("RESULT"))) Console.WriteLine(line);
    return lines.Single(line => line.StartsWith("RESULT")).Split(' ');
}
