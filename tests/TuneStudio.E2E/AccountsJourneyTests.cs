using Microsoft.Playwright;

namespace TuneStudio.E2E;

// An admin adds an annotator; the annotator sees the shared run history but cannot start or change anything.
public sealed class AccountsJourneyTests : BrowserJourney
{
    [Fact]
    public async Task Admin_creates_an_annotator_who_sees_runs_read_only()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, "/admin/users");
        await Page.GetByLabel("User name").FillAsync("annie");
        await Page.GetByLabel("Password").FillAsync("annies-password");
        await Page.Locator(".new-user-role-annotator").ClickAsync();
        await Page.ClickAsync("#create-user");
        await Assertions.Expect(Page.Locator("#users-message")).ToContainTextAsync("Created annie as annotator");
        await Assertions.Expect(Page.Locator("#users-table")).ToContainTextAsync("annie");
        await Screenshot("accounts-1-users");

        await Page.ClickAsync("#sign-out");
        await Page.WaitForURLAsync("**/account/login**");
        Assert.Equal(401, (await Page.APIRequest.GetAsync("/api/runs")).Status);

        await Pages.SignInAsync(Page, "annie", "annies-password");
        await Assertions.Expect(Page.Locator("#runs-table")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#signed-in-user")).ToHaveTextAsync("annie");
        Assert.Equal(0, await Page.Locator("#new-run").CountAsync());
        await Screenshot("accounts-2-annotator-runs");

        var create = await Page.APIRequest.PostAsync("/api/runs", new() { DataObject = new { datasetId = "ds-any" } });
        Assert.Equal(403, create.Status);
        Assert.Equal(200, (await Page.APIRequest.GetAsync("/api/runs")).Status);

        await Page.GotoAsync("/admin/users");
        await Assertions.Expect(Page.Locator("#not-allowed")).ToBeVisibleAsync();

        // Signing out in another tab ends the open page's access too: its circuit re-checks the session.
        await Page.GotoAsync("/runs");
        await Pages.WaitForCircuitAsync(Page);
        var other = await Page.Context.NewPageAsync();
        await other.GotoAsync("/models");
        await Pages.WaitForCircuitAsync(other);
        await other.ClickAsync("#sign-out");
        await other.WaitForURLAsync("**/account/login**");
        await Page.WaitForURLAsync("**/account/login**", new() { Timeout = 20_000 });
        Assert.Equal(401, (await Page.APIRequest.GetAsync("/api/runs")).Status);
    }
}
