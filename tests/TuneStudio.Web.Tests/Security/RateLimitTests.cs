using System.Net;
using System.Text.Json;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

public sealed class RateLimitTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    // Five requests, then one more per minute: the test is done long before a minute refills the bucket.
    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync(null,
        "--TuneStudio:RateLimit:RequestsPerMinute=1", "--TuneStudio:RateLimit:Burst=5");

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_caller_past_the_limit_gets_429_with_retry_after_and_others_are_unaffected()
    {
        using var greedy = _studio.ClientAs(Roles.Viewer);
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++) statuses.Add((await greedy.GetAsync("/api/runs")).StatusCode);
        var refused = await greedy.GetAsync("/api/runs");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("TuneStudio:RateLimit", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());

        using var other = _studio.ClientAs(Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_by_address_so_password_guessing_slows_down()
    {
        using var anonymous = _studio.ClientWithToken(null);
        for (int i = 0; i < 5; i++) await anonymous.PostAsync("/api/auth/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await anonymous.PostAsync("/api/auth/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }
}
