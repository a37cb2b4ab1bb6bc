using Microsoft.Playwright;

namespace TuneStudio.E2E;

// Steps every browser journey shares.
public static class Pages
{
    public static async Task SignInAsync(IPage page, string userName, string password, string path = "/runs")
    {
        await page.GotoAsync(path);
        await page.WaitForURLAsync("**/account/login?**");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.ClickAsync("#signin-button");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"), new() { Timeout = 30_000 });
        await WaitForCircuitAsync(page);
    }

    // The new-review form's annotator picker: a list of the users who may review, several may be chosen.
    public static async Task PickAnnotatorsAsync(IPage page, params string[] names)
    {
        await page.Locator("#review-annotators-input").ClickAsync();
        foreach (var name in names)
            await page.Locator($".review-annotator-option[data-user='{name}']").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }

    // Interactive pages answer clicks only once the Blazor circuit is up.
    public static Task WaitForCircuitAsync(IPage page) => page.Locator("[data-circuit=ready]").WaitForAsync();
}
