using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

public sealed class SignInTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync();
    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task The_first_admin_signs_in_with_the_configured_password()
    {
        var browser = new BrowserSession(_studio.BaseAddress);

        var signedIn = await browser.SignInAsync("admin", StudioServer.AdminPassword, "/admin/users");

        Assert.Equal("/admin/users", signedIn.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_that_client_out_of_the_account_even_with_the_right_password()
    {
        _studio.CreateUserWithToken(Roles.Engineer, "erin", "erins-password");
        var browser = new BrowserSession(_studio.BaseAddress);

        for (int i = 0; i < 4; i++)
            Assert.Contains("error=invalid", (await browser.SignInAsync("erin", "wrong-" + i)).Headers.Location!.ToString());
        var fifth = await _studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = "erin", password = "wrong-again" });
        var rightPassword = await browser.SignInAsync("erin", "erins-password");
        var token = await _studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = "erin", password = "erins-password" });

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.Contains("error=locked", rightPassword.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_access_and_the_old_cookie_is_refused_afterwards()
    {
        _studio.CreateUserWithToken(Roles.Viewer, "vic", "vics-password");
        var browser = new BrowserSession(_studio.BaseAddress);
        await browser.SignInAsync("vic", "vics-password");
        var cookie = browser.CookieHeader();
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/runs")).StatusCode);
        var principal = StudioClaims.PrincipalFor(_studio.Services.GetRequiredService<UserAccounts>().Get("vic")!, "Cookies");
        var sessions = _studio.Services.GetRequiredService<SessionCheck>();
        Assert.True(sessions.IsCurrent(principal));

        var signOut = await browser.PostFormAsync("/runs", "/account/signout", new() { ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var replay = _studio.ClientWithToken(null);
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/runs")).StatusCode);
        var page = await replay.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString());
        // An open page revalidates its circuit with the same check, so it loses access too.
        Assert.False(sessions.IsCurrent(principal));
    }

    [Fact]
    public async Task A_revoked_token_and_a_disabled_user_are_refused()
    {
        var token = _studio.CreateUserWithToken(Roles.Engineer, "ed");
        using var client = _studio.ClientWithToken(token);
        var tokens = _studio.Services.GetRequiredService<ApiTokens>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);

        _studio.Services.GetRequiredService<UserAccounts>().SetDisabled("ed", true, "test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);
        _studio.Services.GetRequiredService<UserAccounts>().SetDisabled("ed", false, "test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);

        Assert.True(tokens.Revoke("ed", tokens.ListFor("ed").Single().Id, "ed"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public void The_last_active_admin_can_be_neither_demoted_nor_disabled()
    {
        var accounts = _studio.Services.GetRequiredService<UserAccounts>();

        Assert.NotNull(accounts.ChangeRole("admin", Roles.Viewer, "admin"));
        Assert.NotNull(accounts.SetDisabled("admin", true, "admin"));
        Assert.Null(accounts.Create("second", "second-password", Roles.Admin, "admin"));
        Assert.Null(accounts.SetDisabled("admin", true, "second"));
        Assert.Equal(Roles.Admin, accounts.Get("admin")!.Role);
    }

    [Fact]
    public async Task Script_gets_a_token_for_a_user_name_and_password()
    {
        _studio.CreateUserWithToken(Roles.Viewer, "sam", "sams-password");
        var response = await _studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = "sam", password = "sams-password" });
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("expiresAt").GetDateTime() > DateTime.UtcNow.AddDays(1));
        using var client = _studio.ClientWithToken(body.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/runs", new { })).StatusCode);
    }
}

// A browser's view of the studio: a cookie jar, no automatic redirects, and forms posted with their antiforgery token.
public sealed class BrowserSession
{
    private readonly CookieContainer _cookies = new();
    private readonly Uri _base;

    public BrowserSession(Uri baseAddress)
    {
        _base = baseAddress;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public HttpClient Http { get; }

    public string CookieHeader() => _cookies.GetCookieHeader(_base);

    public Task<HttpResponseMessage> SignInAsync(string userName, string password, string returnUrl = "/") =>
        PostFormAsync("/account/login", "/account/signin", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = returnUrl });

    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await Http.GetStringAsync(formPage);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        fields["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token);
        return await Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }
}
