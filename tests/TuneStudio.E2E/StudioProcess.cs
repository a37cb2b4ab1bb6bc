using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TuneStudio.E2E;

// The studio's built web project, started as a separate process on a free port over a fresh data folder.
public sealed class StudioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private StudioProcess(Process process, Uri baseAddress, string dataPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataPath = dataPath;
    }

    public const string AdminPassword = "e2e-admin-password";

    public Uri BaseAddress { get; }
    public string DataPath { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<StudioProcess> StartAsync()
    {
        var webDll = Path.Combine(RepoFiles.Root, "src", "TuneStudio.Web",
            Path.GetRelativePath(Path.Combine(RepoFiles.Root, "tests", "TuneStudio.E2E"), AppContext.BaseDirectory),
            "TuneStudio.Web.dll");
        if (!File.Exists(webDll)) throw new FileNotFoundException("Build the web project first", webDll);

        int port = FreePort();
        var dataPath = Path.Combine(Path.GetTempPath(), "tunestudio-e2e-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { webDll, "--TuneStudio:Port=" + port, "--TuneStudio:DataPath=" + dataPath, "--TuneStudio:AdminPassword=" + AdminPassword,
                "--TuneStudio:Accounts:RevalidateSeconds=2" },
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        var studio = new StudioProcess(process, new Uri($"http://127.0.0.1:{port}"), dataPath);
        process.OutputDataReceived += (_, e) => studio.Append(e.Data);
        process.ErrorDataReceived += (_, e) => studio.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await studio.WaitUntilHealthyAsync();
        return studio;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException("The studio exited: " + Output);
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The studio did not become healthy: " + Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
