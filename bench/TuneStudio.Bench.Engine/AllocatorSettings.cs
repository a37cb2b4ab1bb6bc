using System.Diagnostics;

namespace TuneStudio.Bench;

// glibc reads MALLOC_* only at process start, so each setting runs in a child process (this program's "step" mode).
// Settings and thread counts alternate within each round.
internal static class AllocatorSettings
{
    private static readonly (string Name, Dictionary<string, string> Environment)[] Settings =
    [
        ("glibc defaults", new()),
        ("MMAP_THRESHOLD 1 GiB + TRIM_THRESHOLD 1 GiB + TOP_PAD 256 MiB", new()
        {
            ["MALLOC_MMAP_THRESHOLD_"] = "1073741824", ["MALLOC_TRIM_THRESHOLD_"] = "1073741824", ["MALLOC_TOP_PAD_"] = "268435456",
        }),
        ("MMAP_THRESHOLD 1 GiB only", new() { ["MALLOC_MMAP_THRESHOLD_"] = "1073741824" }),
        ("ARENA_MAX 2", new() { ["MALLOC_ARENA_MAX"] = "2" }),
    ];

    public static int Run(int rounds, int[] threadCounts)
    {
        var results = new Dictionary<string, List<string>>();
        for (var round = 0; round < rounds; round++)
        foreach (var threads in threadCounts)
        foreach (var (name, environment) in Settings)
        {
            var line = Child(threads, environment);
            var key = $"{name}, {threads} thread(s)";
            (results.TryGetValue(key, out var list) ? list : results[key] = []).Add(line);
            Console.WriteLine($"round {round + 1} | {key} | {line}");
        }
        Console.WriteLine();
        foreach (var (key, lines) in results) Console.WriteLine($"| {key} | {string.Join(" / ", lines)} |");
        return 0;
    }

    private static string Child(int threads, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(AllocatorSettings).Assembly.Location);
        info.ArgumentList.Add("step");
        info.ArgumentList.Add(threads.ToString());
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
