using Microsoft.Playwright;

namespace TuneStudio.E2E;

// One journey: the studio as its own process over a fresh data folder, and Debian's Chromium on a page of its own
// browser context (so a second tab shares the session cookie). Console errors are collected for the journey to check.
public abstract class BrowserJourney : IAsyncLifetime
{
    private IPlaywright _playwright = default!;

    protected StudioProcess Studio { get; private set; } = default!;
    protected IBrowser Chromium { get; private set; } = default!;
    protected IPage Page { get; private set; } = default!;
    protected List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        Studio = await StudioProcess.StartAsync();
        (_playwright, Chromium) = await Browser.LaunchAsync();
        var context = await NewContextAsync();
        Page = await context.NewPageAsync();
        Page.Console += (_, message) => { if (message.Type == "error") ConsoleErrors.Add(message.Text); };
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Studio.DisposeAsync();
    }

    // Another user's browser: a context without this one's cookies.
    protected Task<IBrowserContext> NewContextAsync() =>
        Chromium.NewContextAsync(new() { BaseURL = Studio.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });

    // Interactive pages answer clicks only once the Blazor circuit is up.
    protected Task WaitForCircuitAsync() => Page.Locator("[data-circuit=ready]").WaitForAsync();

    protected Task Screenshot(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, name + ".png"), FullPage = true });
}
