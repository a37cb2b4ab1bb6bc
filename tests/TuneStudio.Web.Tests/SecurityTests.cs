using System.Net;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests;

public sealed class SecurityTests
{
    [Fact]
    public async Task Every_page_and_api_response_carries_the_security_headers()
    {
        await using var studio = await StudioServer.StartAsync();
        foreach (var path in new[] { "/", "/datasets", "/api/runs", "/healthz" })
        {
            var response = await studio.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        await using var studio = await StudioServer.StartAsync();
        var doc = await studio.Http.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/datasets", "/api/runs", "/api/runs/{id}/metrics", "/api/checkpoints/{id}/download" })
            Assert.Contains($"\"{path}\"", doc);
    }

    [Fact]
    public void No_component_renders_markup_strings()
    {
        // User text must always reach the page HTML-encoded; MarkupString bypasses that.
        var offenders = Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor") || f.EndsWith(".cs"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadAllText(f).Contains("MarkupString"))
            .ToList();
        Assert.Empty(offenders);
    }
}
