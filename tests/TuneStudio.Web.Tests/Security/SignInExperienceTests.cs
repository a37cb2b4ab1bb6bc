using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// What a person sees around signing in, and the audit entries every attempt leaves (read through the audit API).
public sealed class SignInExperienceTests : StudioWithNamesTest
{
    [Fact]
    public async Task A_wrong_password_keeps_the_user_name_in_the_form()
    {
        Studio.CreateUserWithToken(Roles.Engineer, "erin", "erins-password");
        var browser = new BrowserSession(Studio.BaseAddress);

        var wrong = await browser.SignInAsync("erin", "not-erins-password");
        var form = await browser.Http.GetStringAsync(wrong.Headers.Location!.ToString());

        Assert.Contains("id=\"signin-error\"", form);
        Assert.Matches("id=\"signin-user\"[^>]*value=\"erin\"", form);
    }

    [Fact]
    public async Task Signed_out_the_page_offers_no_links_to_pages_that_would_refuse_them()
    {
        var browser = new BrowserSession(Studio.BaseAddress);
        var signedOut = await browser.Http.GetStringAsync("/account/login");
        foreach (var path in new[] { "/runs", "/datasets", "/models", "/review", "/admin/users", "/admin/audit" })
            Assert.DoesNotContain($"href=\"{path}\"", signedOut);

        Studio.CreateUserWithToken(Roles.Viewer, "vera", "veras-password");
        await browser.SignInAsync("vera", "veras-password", "/runs");
        var signedIn = await browser.Http.GetStringAsync("/runs");
        Assert.Contains("href=\"/runs\"", signedIn);
        Assert.DoesNotContain("href=\"/admin/users\"", signedIn);
    }

    [Fact]
    public async Task An_annotator_lands_on_their_review_queue_after_signing_in()
    {
        Studio.CreateUserWithToken(Roles.Annotator, "anna", "annas-password");
        var created = await Studio.Http.PostAsJsonAsync("/api/reviews", new { datasetId = DatasetId, version = 1, selection = new { kind = "rows", rows = new[] { 1 } }, annotators = new[] { "anna" } });
        var taskId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var signedIn = await new BrowserSession(Studio.BaseAddress).SignInAsync("anna", "annas-password");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"/review/{taskId}", signedIn.Headers.Location!.ToString());
        // Someone who asked for a page gets that page.
        var asked = await new BrowserSession(Studio.BaseAddress).SignInAsync("anna", "annas-password", "/models");
        Assert.Equal("/models", asked.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Every_sign_in_is_audited_success_and_failure_browser_and_script()
    {
        Studio.CreateUserWithToken(Roles.Engineer, "erin", "erins-password");
        var browser = new BrowserSession(Studio.BaseAddress);
        await browser.SignInAsync("erin", "wrong");
        await browser.SignInAsync("erin", "erins-password");
        await browser.SignInAsync("nobody", "whatever");
        using var anonymous = Studio.ClientWithToken(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "erin", password = "erins-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "erin", password = "wrong" })).StatusCode);

        using var admin = Studio.ClientWithToken(Studio.CreateUserWithToken(Roles.Admin));
        var entries = (await admin.GetFromJsonAsync<JsonElement[]>("/api/audit"))!
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("signin."))
            .Select(e => $"{e.GetProperty("userName").GetString()} {e.GetProperty("action").GetString()}: {e.GetProperty("detail").GetString()}")
            .Reverse().ToArray();
        Assert.Equal(
        [
            $"erin {AuditActions.SignInFailed}: browser from 127.0.0.1: wrong password",
            $"erin {AuditActions.SignedIn}: browser from 127.0.0.1",
            $"nobody {AuditActions.SignInFailed}: browser from 127.0.0.1: no such user",
            $"erin {AuditActions.SignedIn}: api token from 127.0.0.1",
            $"erin {AuditActions.SignInFailed}: api token from 127.0.0.1: wrong password",
        ], entries);
    }
}
