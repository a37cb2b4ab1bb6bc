using Microsoft.Playwright;

namespace TuneStudio.E2E;

// Fork → the new run → "forked from" → the parent, all inside the app (no reload): each page charts its own run.
// 800 names, validation fraction 0.2 of each label (80 + 80), so 640 rows train: 40 steps of 16 an epoch.
public sealed class RunForkJourneyTests : BrowserJourney
{
    private const int StepsPerEpoch = 640 / 16;

    [Fact]
    public async Task A_fork_opened_from_its_parent_charts_its_own_steps_and_the_parent_its_own_again()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword);
        await Page.GotoAsync("/datasets");
        await WaitForCircuitAsync();
        await Page.GetByLabel("Dataset name").FillAsync("first names");
        await Page.SetInputFilesAsync("#dataset-file input[type=file]", RepoFiles.TestData("first-names.csv"));
        await Assertions.Expect(Page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Page.ClickAsync("#import-button");
        await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });

        await Page.GotoAsync("/runs");
        await WaitForCircuitAsync();
        await Page.ClickAsync("#new-run");
        await Page.GetByLabel("Epochs").FillAsync("3");
        await Page.GetByLabel("Batch size").FillAsync("16");
        await Page.ClickAsync("#start-run");
        await Page.WaitForURLAsync("**/runs/run-*", new() { Timeout = 30_000 });
        var parent = Page.Url.Split('/').Last();
        await Assertions.Expect(Page.Locator(".run-status").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
        await WaitForPointsAsync(parent, 3 * StepsPerEpoch);
        await Assertions.Expect(Page.Locator("#run-examples")).ToContainTextAsync("640 training · 160 validation");

        // Fork the last checkpoint for one epoch; the dialog navigates to the new run's page in the same circuit.
        await Page.Locator(".checkpoint-fork").Last.ClickAsync();
        await Page.GetByLabel("Epochs").FillAsync("1");
        await Page.ClickAsync("#start-run");
        await Page.WaitForURLAsync(url => url.Contains("/runs/run-") && !url.EndsWith(parent), new() { Timeout = 30_000 });
        var fork = Page.Url.Split('/').Last();
        await Assertions.Expect(Page.Locator("#run-parent")).ToContainTextAsync(parent);
        await Assertions.Expect(Page.Locator(".run-status").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
        await WaitForPointsAsync(fork, StepsPerEpoch);
        await Assertions.Expect(Page.Locator($"#chart-{parent}-train_loss")).ToHaveCountAsync(0);
        await Screenshot("fork-1-fork-page");

        // Back to the parent through the lineage link: its 120 steps again, not the fork's 40.
        await Page.Locator("#run-parent a").ClickAsync();
        await Page.WaitForURLAsync($"**/runs/{parent}");
        await WaitForPointsAsync(parent, 3 * StepsPerEpoch);
        await Assertions.Expect(Page.Locator($"#chart-{fork}-train_loss")).ToHaveCountAsync(0);
        await Screenshot("fork-2-parent-page");
        Assert.Empty(ConsoleErrors);
    }

    // Waits until the run's loss chart holds exactly `steps` points (a chart holding more never comes back down).
    private async Task WaitForPointsAsync(string runId, int steps)
    {
        var chart = $"chart-{runId}-train_loss";
        await Page.WaitForFunctionAsync($"() => (document.getElementById('{chart}')?.data?.[0]?.x?.length ?? 0) >= {steps}", null, new() { Timeout = 60_000 });
        Assert.Equal(steps, await Page.EvaluateAsync<int>($"() => document.getElementById('{chart}').data[0].x.length"));
    }
}
