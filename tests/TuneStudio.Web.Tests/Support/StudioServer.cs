using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Tests.Support;

// The real studio on a real Kestrel port over a real LiteDB file in a temporary folder.
public sealed class StudioServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsData;

    private StudioServer(WebApplication app, string dataPath, bool ownsData)
    {
        _app = app;
        DataPath = dataPath;
        _ownsData = ownsData;
    }

    public const string AdminPassword = "admin-password-for-tests";

    private readonly List<HttpClient> _clients = [];

    public string DataPath { get; }
    public Uri BaseAddress { get; private set; } = default!;
    // Signed in as an engineer through a bearer token, like a script would be.
    public HttpClient Http { get; private set; } = default!;
    public string EngineerToken { get; private set; } = "";
    public string EngineerName { get; private set; } = "";
    public IServiceProvider Services => _app.Services;

    public static Task<StudioServer> StartAsync(string? dataPath = null, params string[] extraArgs) =>
        StartAsync(dataPath, null, extraArgs);

    public static async Task<StudioServer> StartAsync(string? dataPath, Action<WebApplicationBuilder>? configure, params string[] extraArgs)
    {
        bool owns = dataPath is null;
        dataPath ??= Path.Combine(Path.GetTempPath(), "tunestudio-test-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            $"--TuneStudio:DataPath={dataPath}",
            "--TuneStudio:LiveUpdateIntervalMs=50",
            "--Logging:LogLevel:Default=Warning",
            $"--TuneStudio:AdminPassword={AdminPassword}",
            .. extraArgs,
        ];
        var app = StudioApp.Build(args, configure);
        await app.StartAsync();
        var server = new StudioServer(app, dataPath, owns);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        server.EngineerName = "engineer-" + Guid.NewGuid().ToString("N")[..6];
        server.EngineerToken = server.CreateUserWithToken(Roles.Engineer, server.EngineerName);
        server.Http = server.ClientWithToken(server.EngineerToken);
        return server;
    }

    /// <summary>A new user of the role (named after it) with a password and an API token; returns the token.</summary>
    public string CreateUserWithToken(string role, string? userName = null, string password = "password-for-tests")
    {
        userName ??= role + "-" + Guid.NewGuid().ToString("N")[..6];
        var error = Services.GetRequiredService<UserAccounts>().Create(userName, password, role, "test");
        if (error is not null) throw new InvalidOperationException(error);
        return Services.GetRequiredService<ApiTokens>().Create(userName, "test", "test").Token;
    }

    /// <summary>A client that sends the token (or nothing, when null) and does not follow redirects, so a sign-in redirect stays visible.</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public HttpClient ClientAs(string role) => ClientWithToken(CreateUserWithToken(role));

    public async Task<HttpResponseMessage> UploadAsync(string fileName, byte[] content, string? name = null,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(name ?? Path.GetFileNameWithoutExtension(fileName)), "name");
        if (fields?.ContainsKey("task") != true) form.Add(new StringContent("text-classification"), "task");
        foreach (var (k, v) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(v), k);
        return await Http.PostAsync("/api/datasets", form);
    }

    public async Task<string> UploadNamesAsync()
    {
        var response = await UploadAsync("first-names.csv", File.ReadAllBytes(RepoFiles.TestData("first-names.csv")));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<string> StartRunAsync(object request)
    {
        var response = await Http.PostAsJsonAsync("/api/runs", request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/runs: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetRunAsync(string runId) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");

    public async Task<JsonElement> WaitForStatusAsync(string runId, Func<string, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var run = await GetRunAsync(runId);
            if (done(run.GetProperty("status").GetString()!)) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId} stayed {run.GetProperty("status")}: {run}");
            await Task.Delay(100);
        }
    }

    public Task<JsonElement> WaitUntilEndedAsync(string runId) =>
        WaitForStatusAsync(runId, s => s is "completed" or "failed" or "cancelled" or "interrupted");

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        lock (_clients) foreach (var client in _clients) client.Dispose();
        try { await _app.StopAsync(); } catch (ObjectDisposedException) { }
        await _app.DisposeAsync();
        if (_ownsData) TryDelete(DataPath);
    }

    public static void TryDelete(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); } catch (IOException) { }
    }
}
