using System.IO.Compression;
using Microsoft.Playwright;

namespace TuneStudio.E2E;

// A user's first session: upload a CSV, start a LoRA run, watch it train live, download its checkpoint.
public sealed class FineTuneJourneyTests : IAsyncLifetime
{
    private StudioProcess _studio = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;
    private IPage _page = default!;
    private readonly List<string> _consoleErrors = [];

    public async Task InitializeAsync()
    {
        _studio = await StudioProcess.StartAsync();
        (_playwright, _browser) = await Browser.LaunchAsync();
        _page = await _browser.NewPageAsync(new() { BaseURL = _studio.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        _page.Console += (_, message) => { if (message.Type == "error") _consoleErrors.Add(message.Text); };
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _studio.DisposeAsync();
    }

    [Fact]
    public async Task Upload_train_with_lora_watch_it_live_and_download_the_checkpoint()
    {
        await Pages.SignInAsync(_page, "admin", StudioProcess.AdminPassword);

        // Upload
        await _page.GotoAsync("/datasets");
        await WaitForCircuitAsync();
        await _page.GetByLabel("Dataset name").FillAsync("first names");
        await _page.SetInputFilesAsync("#dataset-file", RepoFiles.TestData("first-names.csv"));
        await Assertions.Expect(_page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await _page.ClickAsync("#import-button");
        await _page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });
        await Assertions.Expect(_page.Locator("#rows-table")).ToContainTextAsync("female");
        await _page.Locator("#label-distribution .main-svg").First.WaitForAsync();
        await Screenshot("1-dataset");

        // Start a LoRA run from the dialog
        await _page.GotoAsync("/runs");
        await WaitForCircuitAsync();
        await _page.ClickAsync("#new-run");
        await _page.GetByLabel("Epochs").FillAsync("12");
        await _page.GetByLabel("Batch size").FillAsync("8");
        await Screenshot("2-new-run");
        await _page.ClickAsync("#start-run");
        await _page.WaitForURLAsync("**/runs/run-*", new() { Timeout = 30_000 });
        var runId = _page.Url.Split('/').Last();

        // The loss chart grows while the run trains
        var chart = $"chart-{runId}-train_loss";
        await _page.WaitForFunctionAsync($"() => (document.getElementById('{chart}')?.data?.[0]?.x?.length ?? 0) > 0", null, new() { Timeout = 60_000 });
        int first = await PointsAsync(chart);
        await _page.WaitForFunctionAsync($"() => document.getElementById('{chart}').data[0].x.length >= {first + 10}", null, new() { Timeout = 60_000 });
        Assert.Equal("running", await _page.Locator(".run-status").First.GetAttributeAsync("data-status"));
        await Screenshot("3-run-training");

        // It completes, its checkpoints are listed, and one downloads
        await Assertions.Expect(_page.Locator(".run-status").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
        int total = await PointsAsync(chart);
        Assert.True(total >= first + 10);
        await Assertions.Expect(_page.Locator(".checkpoint-download").First).ToBeVisibleAsync();
        await Screenshot("4-run-completed");

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.Locator(".checkpoint-download").Last.ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".zip");
        await download.SaveAsAsync(saved);
        using (var zip = ZipFile.OpenRead(saved))
        {
            Assert.Contains(zip.Entries, e => e.Name == "model.safetensors" && e.Length > 0);
            Assert.Contains(zip.Entries, e => e.Name == "trainer_state.json");
        }
        File.Delete(saved);

        // The run history shows it
        await _page.GotoAsync("/runs");
        await Assertions.Expect(_page.Locator("#runs-table")).ToContainTextAsync(runId);
        await Screenshot("5-runs");
        Assert.Empty(_consoleErrors);
    }

    private async Task<int> PointsAsync(string chartId) =>
        await _page.EvaluateAsync<int>($"() => document.getElementById('{chartId}').data[0].x.length");

    // Interactive pages answer clicks only once the Blazor circuit is up.
    private Task WaitForCircuitAsync() =>
        _page.Locator("[data-circuit=ready]").WaitForAsync();

    private Task Screenshot(string name) =>
        _page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, name + ".png"), FullPage = true });
}
