using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// What the Users and Profile pages do, done by a script.
public sealed class UsersApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        _admin = _studio.ClientWithToken(_studio.CreateUserWithToken(Roles.Admin, "ada"));
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private async Task<HttpStatusCode> SignIn(string user, string password) =>
        (await _studio.ClientWithToken(null).PostAsJsonAsync("/api/auth/token", new { userName = user, password })).StatusCode;

    [Fact]
    // nina's sign-in issued her a token, so the reset revokes it (the default).
    public async Task An_admin_creates_a_user_changes_their_role_disables_and_resets_them()
    {
        var created = await _admin.PostAsJsonAsync("/api/users", new { userName = "nina", password = "ninas-password", role = "annotator" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/users/nina", created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, await SignIn("nina", "ninas-password"));

        var promoted = await _admin.PatchAsJsonAsync("/api/users/nina", new { role = "engineer" });
        Assert.Equal("engineer", (await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());

        await _admin.PatchAsJsonAsync("/api/users/nina", new { disabled = true });
        Assert.Equal(HttpStatusCode.Unauthorized, await SignIn("nina", "ninas-password"));
        await _admin.PatchAsJsonAsync("/api/users/nina", new { disabled = false, password = "a-new-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, await SignIn("nina", "ninas-password"));
        Assert.Equal(HttpStatusCode.OK, await SignIn("nina", "a-new-password"));

        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/users");
        var nina = list.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "nina");
        Assert.Equal("engineer", nina.GetProperty("role").GetString());
        Assert.False(nina.GetProperty("disabled").GetBoolean());
        var actions = (await _admin.GetFromJsonAsync<JsonElement>("/api/audit?user=ada")).EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == "nina").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["user.created", "user.role_changed", "user.disabled", "user.enabled", "token.revoked", "user.password_reset"], Enumerable.Reverse(actions));
    }

    [Fact]
    public async Task Bad_user_fields_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var cases = new (object Body, string Field)[]
        {
            (new { userName = "no spaces", password = "long-enough", role = "viewer" }, "userName"),
            (new { userName = "vera", password = "short", role = "viewer" }, "password"),
            (new { userName = "vera", password = "long-enough", role = "overlord" }, "role"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await _admin.PostAsJsonAsync("/api/users", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/users/vera")).StatusCode);
        var taken = await _admin.PostAsJsonAsync("/api/users", new { userName = "ADA", password = "long-enough", role = "viewer" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PatchAsJsonAsync("/api/users/missing-user", new { role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PatchAsJsonAsync("/api/users/admin", new { role = "viewer" })).StatusCode);
        var alone = await _admin.PatchAsJsonAsync("/api/users/ada", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Equal("role", (await alone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_password_reset_revokes_the_users_tokens_unless_asked_to_keep_them()
    {
        var kept = _studio.CreateUserWithToken(Roles.Engineer, "kim");
        var revoked = _studio.CreateUserWithToken(Roles.Engineer, "rob");

        await _admin.PatchAsJsonAsync("/api/users/kim", new { password = "kims-new-password", revokeTokens = false });
        await _admin.PatchAsJsonAsync("/api/users/rob", new { password = "robs-new-password" });

        Assert.Equal(HttpStatusCode.OK, (await _studio.ClientWithToken(kept).GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _studio.ClientWithToken(revoked).GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task A_user_lists_and_revokes_their_own_tokens_but_not_another_users()
    {
        var mine = _studio.CreateUserWithToken(Roles.Viewer, "val");
        var theirs = _studio.CreateUserWithToken(Roles.Viewer, "wes");
        using var val = _studio.ClientWithToken(mine);
        var wesTokenId = (await _studio.ClientWithToken(theirs).GetFromJsonAsync<JsonElement>("/api/auth/tokens"))[0].GetProperty("id").GetString();

        var tokens = await val.GetFromJsonAsync<JsonElement>("/api/auth/tokens");
        var id = Assert.Single(tokens.EnumerateArray()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await val.DeleteAsync($"/api/auth/tokens/{wesTokenId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _studio.ClientWithToken(theirs).GetAsync("/api/runs")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await val.DeleteAsync($"/api/auth/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await val.GetAsync("/api/runs")).StatusCode);
    }
}
