using Microsoft.Playwright;

namespace TuneStudio.E2E;

// An engineer asks for a review of a NER version from its dataset page; the annotator fixes one span with the keyboard
// alone ("New York" was tagged B-LOC O); the engineer closes the task and sees the changed tags in the new version's diff.
public sealed class NerReviewJourneyTests : BrowserJourney
{
    private const string Conll = "Peter B-PER\nBlackburn I-PER\nvisited O\nNew B-LOC\nYork O\n\nBrussels B-LOC\nwaits O\n";

    [Fact]
    public async Task Annotator_fixes_a_span_by_keyboard_and_the_engineer_sees_the_changed_tags_in_the_diff()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, "/admin/users");
        await Page.GetByLabel("User name").FillAsync("nina");
        await Page.GetByLabel("Password").FillAsync("ninas-password");
        await Page.Locator(".new-user-role-annotator").ClickAsync();
        await Page.ClickAsync("#create-user");
        await Assertions.Expect(Page.Locator("#users-message")).ToContainTextAsync("Created nina as annotator");
        var form = Page.APIRequest.CreateFormData();
        form.Set("file", new FilePayload { Name = "places.conll", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes(Conll) });
        form.Set("name", "places");
        form.Set("task", "token-classification");
        var uploaded = await Page.APIRequest.PostAsync("/api/datasets", new() { Multipart = form });
        Assert.Equal(201, uploaded.Status);
        var datasetId = (await uploaded.JsonAsync())!.Value.GetProperty("id").GetString()!;

        await Page.GotoAsync($"/datasets/{datasetId}");
        await Pages.WaitForCircuitAsync(Page);
        await Page.ClickAsync("#review-version");
        await Page.WaitForURLAsync($"**/review?dataset={datasetId}&version=1");
        await Pages.WaitForCircuitAsync(Page);
        await Pages.PickAnnotatorsAsync(Page, "nina");
        await Page.ClickAsync("#create-review");
        await Page.WaitForURLAsync("**/review/rv-*", new() { Timeout = 30_000 });
        var taskPath = new Uri(Page.Url).AbsolutePath;
        await Page.ClickAsync("#sign-out");
        await Page.WaitForURLAsync("**/account/login**");

        await Pages.SignInAsync(Page, "nina", "ninas-password", taskPath);
        await Assertions.Expect(Page.Locator("#review-title")).ToHaveAttributeAsync("data-keys", "ready");
        var tags = Page.Locator("#review-item .ner-token");
        await Assertions.Expect(tags).ToHaveCountAsync(5);
        // Entity types in order: 1 LOC, 2 PER. Move to "New", extend over "York", make it one LOC.
        foreach (var key in new[] { "ArrowRight", "ArrowRight", "ArrowRight", "Shift+ArrowRight", "1" })
            await Page.Keyboard.PressAsync(key);
        await Assertions.Expect(tags.Nth(4)).ToHaveAttributeAsync("data-tag", "I-LOC");
        await Screenshot("ner-1-annotator-fixes-span");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#review-item")).ToHaveAttributeAsync("data-item", "2");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#review-done")).ToBeVisibleAsync();
        await Page.ClickAsync("#sign-out");
        await Page.WaitForURLAsync("**/account/login**");

        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, taskPath);
        await Page.ClickAsync("#review-close");
        await Assertions.Expect(Page.Locator("#review-result")).ToContainTextAsync("v2");
        await Assertions.Expect(Page.Locator("#diff-changed")).ToContainTextAsync("1 changed");
        await Assertions.Expect(Page.Locator("#version-diff")).ToContainTextAsync("B-PER I-PER O B-LOC I-LOC");
        await Screenshot("ner-2-closed-diff");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task An_image_item_shows_the_picture_large_and_a_digit_relabels_it()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, "/review");
        var form = Page.APIRequest.CreateFormData();
        foreach (var file in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            form.Append("file", new FilePayload { Name = file, MimeType = "application/gzip", Buffer = File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", file))) });
        form.Set("task", "image-classification");
        var uploaded = await Page.APIRequest.PostAsync("/api/datasets", new() { Multipart = form });
        Assert.Equal(201, uploaded.Status);
        var datasetId = (await uploaded.JsonAsync())!.Value.GetProperty("id").GetString()!;
        var created = await Page.APIRequest.PostAsync("/api/reviews", new()
        {
            DataObject = new { datasetId, version = 1, selection = new { kind = "rows", rows = new[] { 1, 2 } }, annotators = new[] { "admin" } },
        });
        var taskId = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;

        await Page.GotoAsync($"/review/{taskId}");
        await Assertions.Expect(Page.Locator("#review-title")).ToHaveAttributeAsync("data-keys", "ready");
        var image = Page.Locator("#review-image img");
        await Assertions.Expect(image).ToHaveAttributeAsync("width", "336");
        // The browser really decoded the served PNG: 28 pixels wide at the source.
        await Page.WaitForFunctionAsync("() => document.querySelector('#review-image img')?.naturalWidth === 28");
        await Page.Keyboard.PressAsync("1");
        await Screenshot("image-review-1-item");
        var chosen = await Page.Locator(".review-label[data-chosen=true]").GetAttributeAsync("data-label");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#review-item")).ToHaveAttributeAsync("data-item", "2");
        var answered = await Page.APIRequest.GetAsync($"/api/reviews/{taskId}");
        Assert.Equal(1, (await answered.JsonAsync())!.Value.GetProperty("itemsDone").GetInt32());
        Assert.NotNull(chosen);
        Assert.Empty(ConsoleErrors);
    }
}
