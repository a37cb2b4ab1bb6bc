using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// An attacker at another address (127.0.0.2: the whole 127/8 is loopback on Linux) tries the admin's password;
// time moves only when a test moves it.
public sealed class LockoutTests : IAsyncLifetime
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly ManualClock _clock = new();
    private StudioServer _studio = default!;

    public async Task InitializeAsync() =>
        _studio = await StudioServer.StartAsync(null, b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private HttpClient From(string address)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = _studio.BaseAddress };
    }

    private static async Task<HttpStatusCode> SignIn(HttpClient client, string user, string password) =>
        (await client.PostAsJsonAsync("/api/auth/token", new { userName = user, password })).StatusCode;

    private static readonly string Admin = "admin", Right = StudioServer.AdminPassword;

    [Fact]
    public async Task An_attacker_locks_only_their_own_address_out_of_the_admin_account()
    {
        using var attacker = From("127.0.0.2");
        using var admin = From("127.0.0.1");

        var tries = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++) tries.Add(await SignIn(attacker, Admin, "guess-" + i));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests], tries);
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignIn(attacker, Admin, Right));
        Assert.Equal(HttpStatusCode.OK, await SignIn(admin, Admin, Right));
    }

    [Fact]
    public async Task A_lock_ends_on_its_own_but_tries_during_it_keep_it_going()
    {
        using var attacker = From("127.0.0.2");
        for (int i = 0; i < 5; i++) await SignIn(attacker, Admin, "guess-" + i);

        // Default lock: 15 minutes from the fifth failure. A try at minute 10 counts, so the lock runs to minute 25.
        _clock.Now += TimeSpan.FromMinutes(10);
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignIn(attacker, Admin, "guess-during-lock"));
        _clock.Now += TimeSpan.FromMinutes(10);
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignIn(attacker, Admin, Right));
        _clock.Now += TimeSpan.FromMinutes(16);
        Assert.Equal(HttpStatusCode.OK, await SignIn(attacker, Admin, Right));
    }

    [Fact]
    public async Task An_address_that_fails_against_many_accounts_is_stopped_before_any_account_locks()
    {
        _studio.CreateUserWithToken(Roles.Engineer, "erin", "erins-password");
        using var sprayer = From("127.0.0.3");

        // 19 misses spread over names no account has, 4 below any account's limit: the 20th miss is the client's limit.
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 19; i++) statuses.Add(await SignIn(sprayer, "nobody-" + i, "guess"));
        statuses.Add(await SignIn(sprayer, "erin", "guess"));

        Assert.All(statuses[..19], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[19]);
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignIn(sprayer, "erin", "erins-password"));
        using var erin = From("127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, await SignIn(erin, "erin", "erins-password"));
    }

    [Fact]
    public async Task The_admin_unlocks_an_account_and_sees_the_attack_on_their_profile()
    {
        _studio.CreateUserWithToken(Roles.Engineer, "erin", "erins-password");
        using var attacker = From("127.0.0.2");
        for (int i = 0; i < 5; i++) await SignIn(attacker, "erin", "guess-" + i);
        for (int i = 0; i < 2; i++) await SignIn(attacker, Admin, "guess-" + i);
        using var admin = _studio.ClientWithToken(_studio.CreateUserWithToken(Roles.Admin, "ada"));

        var erinBefore = await admin.GetFromJsonAsync<JsonElement>("/api/users/erin");
        Assert.Equal("127.0.0.2", erinBefore.GetProperty("lockedOut")[0].GetProperty("client").GetString());
        var unlock = await admin.PatchAsJsonAsync("/api/users/erin", new { unlock = true });
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.Equal(0, (await unlock.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lockedOut").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, await SignIn(attacker, "erin", "erins-password"));

        // The first admin reads the warning about the two failures against their own account, then dismisses it.
        using var first = _studio.ClientWithToken(_studio.Services.GetRequiredService<ApiTokens>().Create(Admin, "t", "test").Token);
        var failed = (await first.GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("failedSignIns");
        Assert.Equal(2, failed.GetProperty("count").GetInt32());
        Assert.Equal(1, failed.GetProperty("clients").GetInt32());
        Assert.Equal("127.0.0.2", failed.GetProperty("latest").GetProperty("client").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/api/users/me/failed-sign-ins/seen", null)).StatusCode);
        Assert.Equal(0, (await first.GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("failedSignIns").GetProperty("count").GetInt32());

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=user.unlocked");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("ada", entry.GetProperty("userName").GetString());
        Assert.Equal("erin", entry.GetProperty("target").GetString());
    }
}
