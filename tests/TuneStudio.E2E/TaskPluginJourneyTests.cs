using System.Text;
using Microsoft.Playwright;

namespace TuneStudio.E2E;

// A task added as a plug-in gets its pages from what it declares: a multi-label dataset uploaded in the browser
// trains from the dialog, its run page charts the task's own metrics and the runs page shows its headline metric.
public sealed class TaskPluginJourneyTests : BrowserJourney
{
    [Fact]
    public async Task A_multi_label_dataset_trains_from_the_dialog_and_its_pages_show_the_tasks_metrics()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword);
        var file = Path.Combine(Path.GetTempPath(), $"names-multi-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, MultiLabelNames());
        try
        {
            await Page.GotoAsync("/datasets");
            await WaitForCircuitAsync();
            await Page.GetByLabel("Dataset name").FillAsync("names, several labels");
            await Page.Locator(".mud-select:has(#dataset-task) .mud-input").ClickAsync();
            await Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "multi-label" }).First.ClickAsync();
            await Page.SetInputFilesAsync("#dataset-file input[type=file]", file);
            await Assertions.Expect(Page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            await Page.ClickAsync("#import-button");
            await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });
            await Assertions.Expect(Page.Locator("#version-summary")).ToContainTextAsync("multi-label-classification");
        }
        finally
        {
            File.Delete(file);
        }

        await Page.GotoAsync("/runs");
        await WaitForCircuitAsync();
        await Page.ClickAsync("#new-run");
        await Page.GetByLabel("Epochs").FillAsync("2");
        await Screenshot("task-1-multi-label-new-run");
        await Page.ClickAsync("#start-run");
        await Page.WaitForURLAsync("**/runs/run-*", new() { Timeout = 30_000 });
        var runId = Page.Url.Split('/').Last();

        await Assertions.Expect(Page.Locator(".run-status").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
        // The task's charts, named by their metric keys: micro-F1 has one point per epoch.
        var chart = $"chart-{runId}-val_micro_f1-val_macro_f1-val_subset_accuracy";
        await Page.WaitForFunctionAsync($"() => (document.getElementById('{chart}')?.data?.[0]?.x?.length ?? 0) === 2", null, new() { Timeout = 30_000 });
        await Assertions.Expect(Page.Locator($"#chart-{runId}-val_hamming_loss")).ToBeAttachedAsync();
        await Assertions.Expect(Page.Locator($"#chart-{runId}-val_accuracy-val_macro_f1")).ToHaveCountAsync(0);
        await Screenshot("task-2-multi-label-run");

        await Page.GotoAsync("/runs");
        await WaitForCircuitAsync();
        await Assertions.Expect(Page.Locator("#runs-table .run-best").First).ToContainTextAsync("Micro-F1");
        await Screenshot("task-3-runs-best-column");
        Assert.Empty(ConsoleErrors);
    }

    // The first names with derived classes: the gender, "vowel" when the name ends in one, "short" for four letters or fewer.
    private static string MultiLabelNames()
    {
        var lines = File.ReadAllLines(RepoFiles.TestData("first-names.csv")).Skip(1).Select(line => line.Split(',')).Select(cells =>
        {
            var classes = new List<string> { cells[1] };
            if ("aeiouy".Contains(char.ToLowerInvariant(cells[0][^1]))) classes.Add("vowel");
            if (cells[0].Length <= 4) classes.Add("short");
            return $"{cells[0]},{string.Join('|', classes)}";
        });
        return new StringBuilder("text,label\n").AppendJoin('\n', lines).Append('\n').ToString();
    }
}
