using Microsoft.Playwright;

namespace TuneStudio.E2E;

// An engineer brings Fashion-MNIST as its four IDX files in one pick and previews its image transforms, then previews
// text noise on a reviews set and sets it for a run.
public sealed class DatasetAugmentationJourneyTests : BrowserJourney
{
    private static readonly string[] FashionSlice =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    [Fact]
    public async Task Upload_four_idx_files_at_once_preview_image_transforms_then_text_noise_and_set_it_for_a_run()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword);

        // Four IDX files chosen together make one image dataset with its train/test split.
        await Page.GotoAsync("/datasets");
        await WaitForCircuitAsync();
        await Page.GetByLabel("Dataset name").FillAsync("fashion slice");
        await ChooseTaskAsync("image classification");
        await Assertions.Expect(Page.Locator("#dataset-file input[type=file]")).ToHaveAttributeAsync("multiple", "");
        await Page.SetInputFilesAsync("#dataset-file input[type=file]", FashionSlice.Select(name => RepoFiles.TestData(Path.Combine("fashion-mnist-slice", name))));
        await Assertions.Expect(Page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Page.ClickAsync("#import-button");
        await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("h4")).ToHaveTextAsync("fashion slice");
        await Assertions.Expect(Page.Locator("#version-summary")).ToContainTextAsync("image-classification");
        await Assertions.Expect(Page.Locator("#split-summary")).ToContainTextAsync("test");
        await Screenshot("augment-1-idx-upload");

        // Its preview tab shows a few images, each beside the copies a run's epochs would train on.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Augmentation preview" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#image-augmentation-rows .aug-image-row")).ToHaveCountAsync(4);
        await Page.Locator("#preview-image-rotation").FillAsync("20");
        await Page.Locator("#preview-image-seed").FillAsync("7");
        await Page.ClickAsync("#preview-image-show");
        await Assertions.Expect(Page.Locator("#image-augmentation-rows .aug-image-copy img")).ToHaveCountAsync(20);
        var firstCopy = Page.Locator("#image-augmentation-rows .aug-image-copy img").First;
        Assert.True(await firstCopy.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 28"), "the first copy did not load as a 28×28 image");
        Assert.Equal("pixelated", await firstCopy.EvaluateAsync<string>("img => getComputedStyle(img).imageRendering"));
        await Screenshot("augment-1b-image-preview");

        // A multi-word text set: its preview tab shows rows beside their noise, changed words marked.
        var reviews = Path.Combine(Path.GetTempPath(), $"reviews-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(reviews, """
            text,label
            the delivery came two days late and the box was crushed,neg
            great value for the price and it works exactly as described,pos
            support answered within an hour and fixed my account,pos
            the battery died after a week of light use,neg
            i would buy this again without thinking twice,pos

            """);
        try
        {
            await Page.GotoAsync("/datasets");
            await WaitForCircuitAsync();
            await Page.GetByLabel("Dataset name").FillAsync("reviews");
            await Page.SetInputFilesAsync("#dataset-file input[type=file]", reviews);
            await Assertions.Expect(Page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            await Page.ClickAsync("#import-button");
            await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });
        }
        finally
        {
            File.Delete(reviews);
        }
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Augmentation preview" }).ClickAsync();
        await Page.Locator("#preview-deletion").FillAsync("0.2");
        await Page.Locator("#preview-swap").FillAsync("0.2");
        await Page.Locator("#preview-typo").FillAsync("0.05");
        await Page.ClickAsync("#preview-show");
        await Assertions.Expect(Page.Locator("#augmentation-rows tbody tr")).ToHaveCountAsync(5);
        Assert.True(await Page.Locator("#augmentation-rows mark.aug-added").CountAsync() > 0, "no changed word was marked");
        await Screenshot("augment-2-preview");

        // The run dialog's Augmentation section takes the same probabilities.
        await Page.GotoAsync("/runs");
        await WaitForCircuitAsync();
        await Page.ClickAsync("#new-run");
        await Page.ClickAsync("#run-panel-augmentation .mud-expand-panel-header");
        await Page.Locator("#run-aug-text-typo").FillAsync("1.5");
        await Page.ClickAsync("#start-run");
        await Assertions.Expect(Page.Locator("#run-form-errors")).ToContainTextAsync("augmentation.text.typoProbability");
        await Screenshot("augment-3-run-dialog");
        Assert.Empty(ConsoleErrors);
    }

    private async Task ChooseTaskAsync(string text)
    {
        await Page.Locator(".mud-select:has(#dataset-task) .mud-input").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = text }).First.ClickAsync();
    }
}
