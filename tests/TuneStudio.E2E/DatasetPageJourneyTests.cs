using Microsoft.Playwright;

namespace TuneStudio.E2E;

// The dataset page as a user works it: an upload that keeps its valid rows, the rows searched and sorted, an operation
// previewed then applied with a toast, the label chart's counts, and the dataset deleted after a confirmation.
public sealed class DatasetPageJourneyTests : BrowserJourney
{
    [Fact]
    public async Task Keep_valid_rows_search_preview_an_operation_and_delete_the_dataset()
    {
        var folder = Directory.CreateTempSubdirectory("tunestudio-e2e-").FullName;
        var csv = Path.Combine(folder, "people.csv");
        // Data rows 1-6: row 3 has no text; 'femal' and 'Male ' are variants of female and male.
        await File.WriteAllTextAsync(csv, "text,label\nAnna,female\nbob,male\n,male\nJoanne,female\nZed,femal\nCy,\"Male \"\n");
        try
        {
            await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword);
            await Page.GotoAsync("/datasets");
            await WaitForCircuitAsync();
            await Assertions.Expect(Page.Locator("#upload-drop-area")).ToContainTextAsync("Drop a file here");
            await Page.SetInputFilesAsync("#dataset-file input[type=file]", csv);
            await Assertions.Expect(Page.Locator("#chosen-file")).ToContainTextAsync("people.csv", new() { Timeout = 30_000 });
            await Page.Locator("#keep-valid-rows").CheckAsync();
            await Screenshot("data-1-upload");
            await Page.ClickAsync("#import-button");
            await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });

            await Assertions.Expect(Page.Locator("#rejected-rows")).ToContainTextAsync("1 problem(s)");
            await Assertions.Expect(Page.Locator("#rows-table tbody tr")).ToHaveCountAsync(5);
            // The bars carry their counts: female 2, male 1, femal 1, "Male " 1.
            await Page.Locator("#label-distribution .main-svg").First.WaitForAsync();
            await Assertions.Expect(Page.Locator("#label-distribution .bartext").First).ToBeVisibleAsync();
            await Screenshot("data-2-dataset");
            await Page.Locator(".mud-tab", new() { HasText = "Validation" }).ClickAsync();
            await Assertions.Expect(Page.Locator("#validation-report")).ToContainTextAsync("'female' (2), 'femal' (1)");
            await Assertions.Expect(Page.Locator("#validation-report")).ToContainTextAsync("Rows 4.");
            await Screenshot("data-2b-validation");
            await Page.Locator(".mud-tab", new() { HasText = "Rows" }).ClickAsync();

            await Page.Locator("#rows-search").FillAsync("ann");
            await Assertions.Expect(Page.Locator("#rows-table tbody tr")).ToHaveCountAsync(2, new() { Timeout = 10_000 });
            await Page.Locator("#rows-search").FillAsync("");
            await Assertions.Expect(Page.Locator("#rows-table tbody tr")).ToHaveCountAsync(5, new() { Timeout = 10_000 });
            await Page.Locator(".mud-table-sort-label", new() { HasText = "Text" }).ClickAsync();
            await Assertions.Expect(Page.Locator("#rows-table tbody tr").First).ToContainTextAsync("Anna");

            await Page.ClickAsync("#operations-menu button");
            await Page.GetByText("Drop rows by filter").ClickAsync();
            // A MudSelect's id is on its hidden input: open it by its visible box.
            await Page.Locator("div.mud-input-control.mud-select", new() { Has = Page.Locator("#op-filter-value") }).ClickAsync();
            await Page.GetByRole(AriaRole.Option, new() { Name = "femal (1)" }).ClickAsync();
            await Assertions.Expect(Page.Locator("#apply-operation")).ToBeDisabledAsync();
            await Page.ClickAsync("#preview-operation");
            await Assertions.Expect(Page.Locator("#preview-rows")).ToContainTextAsync("5 rows → 4 rows · 1 dropped · 0 changed");
            await Screenshot("data-3-preview");
            await Page.ClickAsync("#apply-operation");
            await Assertions.Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("Version 2 created: Drop rows by filter of v1, 4 rows.");
            await Screenshot("data-4-toast");

            await Page.ClickAsync("#delete-dataset");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            await Page.WaitForURLAsync("**/datasets", new() { Timeout = 30_000 });
            await Assertions.Expect(Page.Locator("#datasets-table")).Not.ToContainTextAsync("people");
            Assert.Empty(ConsoleErrors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
