using Microsoft.Playwright;

namespace TuneStudio.E2E;

// An admin adds an annotator; the annotator sees the shared run history but cannot start or change anything.
public sealed class AccountsJourneyTests : IAsyncLifetime
{
    private StudioProcess _studio = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        _studio = await StudioProcess.StartAsync();
        (_playwright, _browser) = await Browser.LaunchAsync();
        // A context of our own, so a second tab can share the session cookie.
        var context = await _browser.NewContextAsync(new() { BaseURL = _studio.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        _page = await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _studio.DisposeAsync();
    }

    [Fact]
    public async Task Admin_creates_an_annotator_who_sees_runs_read_only()
    {
        await Pages.SignInAsync(_page, "admin", StudioProcess.AdminPassword, "/admin/users");
        await _page.GetByLabel("User name").FillAsync("annie");
        await _page.GetByLabel("Password").FillAsync("annies-password");
        await _page.Locator(".new-user-role-annotator").ClickAsync();
        await _page.ClickAsync("#create-user");
        await Assertions.Expect(_page.Locator("#users-message")).ToContainTextAsync("Created annie as annotator");
        await Assertions.Expect(_page.Locator("#users-table")).ToContainTextAsync("annie");
        await Screenshot("accounts-1-users");

        await _page.ClickAsync("#sign-out");
        await _page.WaitForURLAsync("**/account/login**");
        Assert.Equal(401, (await _page.APIRequest.GetAsync("/api/runs")).Status);

        await Pages.SignInAsync(_page, "annie", "annies-password");
        await Assertions.Expect(_page.Locator("#runs-table")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#signed-in-user")).ToHaveTextAsync("annie");
        Assert.Equal(0, await _page.Locator("#new-run").CountAsync());
        await Screenshot("accounts-2-annotator-runs");

        var create = await _page.APIRequest.PostAsync("/api/runs", new() { DataObject = new { datasetId = "ds-any" } });
        Assert.Equal(403, create.Status);
        Assert.Equal(200, (await _page.APIRequest.GetAsync("/api/runs")).Status);

        await _page.GotoAsync("/admin/users");
        await Assertions.Expect(_page.Locator("#not-allowed")).ToBeVisibleAsync();

        // Signing out in another tab ends the open page's access too: its circuit re-checks the session.
        await _page.GotoAsync("/runs");
        await Pages.WaitForCircuitAsync(_page);
        var other = await _page.Context.NewPageAsync();
        await other.GotoAsync("/models");
        await Pages.WaitForCircuitAsync(other);
        await other.ClickAsync("#sign-out");
        await other.WaitForURLAsync("**/account/login**");
        await _page.WaitForURLAsync("**/account/login**", new() { Timeout = 20_000 });
        Assert.Equal(401, (await _page.APIRequest.GetAsync("/api/runs")).Status);
    }

    private Task Screenshot(string name) =>
        _page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, name + ".png"), FullPage = true });
}
