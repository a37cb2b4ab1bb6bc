using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

public sealed class SecretsTests
{
    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturedLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception} {(state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(";", values.Select(v => v.Value)) : "")}");
        }
    }

    [Fact]
    public async Task Passwords_and_tokens_never_reach_the_database_file_or_the_log()
    {
        var log = new CapturedLog();
        const string password = "Unmistakable-Password-7731";
        await using var studio = await StudioServer.StartAsync(null, (WebApplicationBuilder b) =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Trace);
            b.Logging.AddProvider(log);
        }, "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace");

        // Every way a secret enters: user creation, password reset, form sign-in, script sign-in, header and query-string tokens.
        studio.CreateUserWithToken(Roles.Engineer, "dana", password);
        var accounts = studio.Services.GetRequiredService<UserAccounts>();
        accounts.ResetPassword("dana", password + "-reset", "test");
        accounts.ResetPassword("dana", password, "test");
        var browser = new BrowserSession(studio.BaseAddress);
        Assert.Equal("/", (await browser.SignInAsync("dana", password)).Headers.Location?.ToString());
        var issued = await (await studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = "dana", password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString()!;
        var profileToken = studio.Services.GetRequiredService<ApiTokens>().Create("dana", "profile", "dana").Token;
        using var client = studio.ClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await studio.ClientWithToken(null).PostAsync($"/hubs/runs/negotiate?negotiateVersion=1&access_token={profileToken}", null)).StatusCode);
        await studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = "dana", password = password + "-typo" });
        await studio.StopAsync();

        var secrets = new[] { password, password + "-reset", password + "-typo", token, profileToken, StudioServer.AdminPassword, studio.EngineerToken };
        var files = Directory.EnumerateFiles(studio.DataPath, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("studio.db"));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in secrets)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{Path.GetFileName(file)} holds a secret in UTF-8");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{Path.GetFileName(file)} holds a secret in UTF-16");
            }
        }
        var text = string.Join("\n", log.Lines);
        Assert.Contains("/api/runs", text); // the capture did see the requests
        foreach (var secret in secrets)
            Assert.False(text.Contains(secret), "logged: " + string.Join("\n", log.Lines.Where(l => l.Contains(secret)).Take(3)));
    }

    [Fact]
    public async Task Without_a_configured_password_the_first_admin_gets_one_printed_once()
    {
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console));
        StudioServer studio;
        try
        {
            studio = await StudioServer.StartAsync(null, "--TuneStudio:AdminPassword=");
        }
        finally
        {
            Console.SetOut(original);
        }
        await using var _ = studio;
        var printed = System.Text.RegularExpressions.Regex.Match(console.ToString(), "user 'admin' with the password (\\S+)").Groups[1].Value;

        var response = await studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = printed });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(printed.Length >= 20);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(console.ToString(), System.Text.RegularExpressions.Regex.Escape(printed)));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
