using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Hubs;

// Access ended elsewhere ends open hub connections too. Each test keeps one connection whose access stands: it is
// checked on the same pass that closes the others, so it must still be open when they have closed.
public sealed class HubRevocationTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private readonly List<HubConnection> _connections = [];

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync(null, "--TuneStudio:Accounts:RevalidateSeconds=1");

    public async Task DisposeAsync()
    {
        foreach (var c in _connections) await c.DisposeAsync();
        await _studio.DisposeAsync();
    }

    private async Task<(HubConnection Connection, Task Closed)> Open(Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> sign)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_studio.BaseAddress, "/hubs/runs"), sign).Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        _connections.Add(connection);
        await connection.StartAsync();
        return (connection, closed.Task);
    }

    private Task<(HubConnection Connection, Task Closed)> WithToken(string token) =>
        Open(o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Revoking_a_token_closes_its_connection_and_only_its()
    {
        var token = _studio.CreateUserWithToken(Roles.Viewer, "val");
        var (_, revokedClosed) = await WithToken(token);
        var (other, _) = await WithToken(_studio.Services.GetRequiredService<ApiTokens>().Create("val", "second", "val").Token);

        var tokens = _studio.Services.GetRequiredService<ApiTokens>();
        tokens.Revoke("val", tokens.ListFor("val").First(t => t.Name == "test").Id, "val");

        await revokedClosed.WaitAsync(Deadline);
        Assert.Equal(HubConnectionState.Connected, other.State);
    }

    [Fact]
    public async Task Disabling_a_user_closes_their_connections()
    {
        var (_, disabledClosed) = await WithToken(_studio.CreateUserWithToken(Roles.Engineer, "ed"));
        var (other, _) = await WithToken(_studio.EngineerToken);

        _studio.Services.GetRequiredService<UserAccounts>().SetDisabled("ed", true, "test");

        await disabledClosed.WaitAsync(Deadline);
        Assert.Equal(HubConnectionState.Connected, other.State);
    }

    [Fact]
    public async Task Signing_out_closes_the_browsers_cookie_connection_but_not_the_users_token_connection()
    {
        _studio.CreateUserWithToken(Roles.Viewer, "vic", "vics-password");
        var browser = new BrowserSession(_studio.BaseAddress);
        await browser.SignInAsync("vic", "vics-password");
        var cookie = browser.CookieHeader();
        var (_, cookieClosed) = await Open(o => o.Headers["Cookie"] = cookie);
        var (script, _) = await WithToken(_studio.Services.GetRequiredService<ApiTokens>().Create("vic", "script", "vic").Token);

        await browser.PostFormAsync("/runs", "/account/signout", new() { ["returnUrl"] = "/" });

        await cookieClosed.WaitAsync(Deadline);
        Assert.Equal(HubConnectionState.Connected, script.State);
    }
}
