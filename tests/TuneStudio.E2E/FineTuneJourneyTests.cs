using System.IO.Compression;
using Microsoft.Playwright;

namespace TuneStudio.E2E;

// A user's first session: upload a CSV, start a LoRA run, watch it train live, download its checkpoint.
public sealed class FineTuneJourneyTests : BrowserJourney
{
    [Fact]
    public async Task Upload_train_with_lora_watch_it_live_and_download_the_checkpoint()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword);

        // Upload
        await Page.GotoAsync("/datasets");
        await WaitForCircuitAsync();
        await Page.GetByLabel("Dataset name").FillAsync("first names");
        await Page.SetInputFilesAsync("#dataset-file input[type=file]", RepoFiles.TestData("first-names.csv"));
        await Assertions.Expect(Page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Page.ClickAsync("#import-button");
        await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.Locator("#rows-table")).ToContainTextAsync("female");
        await Page.Locator("#label-distribution .main-svg").First.WaitForAsync();
        await Screenshot("1-dataset");

        // Start a LoRA run from the dialog
        await Page.GotoAsync("/runs");
        await WaitForCircuitAsync();
        await Page.ClickAsync("#new-run");
        await Page.GetByLabel("Epochs").FillAsync("12");
        await Page.GetByLabel("Batch size").FillAsync("8");
        await Screenshot("2-new-run");
        await Page.ClickAsync("#start-run");
        await Page.WaitForURLAsync("**/runs/run-*", new() { Timeout = 30_000 });
        var runId = Page.Url.Split('/').Last();

        // The loss chart grows while the run trains
        var chart = $"chart-{runId}-train_loss";
        await Page.WaitForFunctionAsync($"() => (document.getElementById('{chart}')?.data?.[0]?.x?.length ?? 0) > 0", null, new() { Timeout = 60_000 });
        int first = await PointsAsync(chart);
        await Page.WaitForFunctionAsync($"() => document.getElementById('{chart}').data[0].x.length >= {first + 10}", null, new() { Timeout = 60_000 });
        Assert.Equal("running", await Page.Locator(".run-status").First.GetAttributeAsync("data-status"));
        await Screenshot("3-run-training");

        // It completes, its checkpoints are listed, and one downloads
        await Assertions.Expect(Page.Locator(".run-status").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
        int total = await PointsAsync(chart);
        Assert.True(total >= first + 10);
        await Assertions.Expect(Page.Locator(".checkpoint-download").First).ToBeVisibleAsync();
        await Screenshot("4-run-completed");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator(".checkpoint-download").Last.ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".zip");
        await download.SaveAsAsync(saved);
        using (var zip = ZipFile.OpenRead(saved))
        {
            Assert.Contains(zip.Entries, e => e.Name == "model.safetensors" && e.Length > 0);
            Assert.Contains(zip.Entries, e => e.Name == "trainer_state.json");
        }
        File.Delete(saved);

        // The run history shows it
        await Page.GotoAsync("/runs");
        await Assertions.Expect(Page.Locator("#runs-table")).ToContainTextAsync(runId);
        await Screenshot("5-runs");
        Assert.Empty(ConsoleErrors);
    }

    private async Task<int> PointsAsync(string chartId) =>
        await Page.EvaluateAsync<int>($"() => document.getElementById('{chartId}').data[0].x.length");
}
