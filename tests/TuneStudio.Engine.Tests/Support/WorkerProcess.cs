using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using TuneStudio.Engine;

namespace TuneStudio.Engine.Tests.Support;

// Starts tests/TuneStudio.Engine.Worker (built beside this test project) on a job, so a test can kill it -9.
public sealed class WorkerProcess : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
    private readonly Process process;

    private WorkerProcess(Process process) => this.process = process;

    public static WorkerProcess Start(TrainingConfig config, int take, string checkpointRoot, string lossesFile, string? resumeFrom = null)
    {
        var jobFile = Path.Combine(Path.GetDirectoryName(lossesFile)!, $"job-{Guid.NewGuid():N}.json");
        File.WriteAllText(jobFile, JsonSerializer.Serialize(new
        {
            config,
            dataFile = Path.Combine(TestData.RepositoryRoot, "tests", "data", "first-names.csv"),
            take,
            checkpointRoot,
        }, Json));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(WorkerAssembly());
        info.ArgumentList.Add(jobFile);
        info.ArgumentList.Add(lossesFile);
        if (resumeFrom is not null) info.ArgumentList.Add(resumeFrom);
        return new WorkerProcess(Process.Start(info)!);
    }

    // Reads stdout until a line starts with the prefix; returns it (null if the process ended first).
    public string? WaitForLine(string prefix)
    {
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        return null;
    }

    public void KillHard()
    {
        process.Kill(); // SIGKILL on Linux
        process.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout)) throw new TimeoutException("The worker did not finish in time.");
        return process.ExitCode;
    }

    public string StandardError => process.StandardError.ReadToEnd();

    public static IReadOnlyDictionary<long, long> ReadLosses(string lossesFile) =>
        File.ReadAllLines(lossesFile).Select(line => line.Split('\t'))
            .GroupBy(parts => long.Parse(parts[0]))
            .ToDictionary(group => group.Key, group => long.Parse(group.Last()[1]));

    private static string WorkerAssembly()
    {
        var path = AppContext.BaseDirectory.Replace("TuneStudio.Engine.Tests", "TuneStudio.Engine.Worker", StringComparison.Ordinal);
        var assembly = Path.Combine(path, "TuneStudio.Engine.Worker.dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"Build tests/TuneStudio.Engine.Worker first: {assembly} is missing.");
    }

    public void Dispose()
    {
        if (!process.HasExited) KillHard();
        process.Dispose();
    }
}
