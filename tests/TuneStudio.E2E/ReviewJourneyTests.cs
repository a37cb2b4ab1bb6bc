using Microsoft.Playwright;

namespace TuneStudio.E2E;

// An admin adds an annotator, uploads names and asks for a review of five of them; the annotator answers with the
// keyboard alone; the admin closes the task and sees exactly the relabels in the new version's diff.
public sealed class ReviewJourneyTests : BrowserJourney
{
    [Fact]
    public async Task Annotator_reviews_five_names_by_keyboard_and_closing_shows_exactly_those_relabels()
    {
        await AddAnnieAndUploadNamesAsAdmin();

        // The form defaults to the newest dataset, its latest version and a seeded sample of five.
        await Page.GotoAsync("/review");
        await Pages.WaitForCircuitAsync(Page);
        await Pages.PickAnnotatorsAsync(Page, "annie");
        await Page.ClickAsync("#create-review");
        await Page.WaitForURLAsync("**/review/rv-*", new() { Timeout = 30_000 });
        var taskPath = new Uri(Page.Url).AbsolutePath;
        await Assertions.Expect(Page.Locator("#review-progress")).ToContainTextAsync("0 of 5 items done");
        await Screenshot("review-1-task-created");
        await SignOut();

        await Pages.SignInAsync(Page, "annie", "annies-password", taskPath);
        await Assertions.Expect(Page.Locator("#review-title")).ToHaveAttributeAsync("data-keys", "ready");
        // Labels are listed in ordinal order: 1 female, 2 male.
        int expectedChanges = 0;
        string? skippedItem = null;
        var item = Page.Locator("#review-item");
        for (int step = 0; step < 5; step++)
        {
            var itemId = await item.GetAttributeAsync("data-item");
            if (step == 2) skippedItem = itemId;
            var current = await Page.Locator("#review-current").InnerTextAsync();
            string other = current == "female" ? "2" : "1", same = current == "female" ? "1" : "2";
            switch (step)
            {
                case 0 or 1: await Page.Keyboard.PressAsync(other); expectedChanges++; break;
                case 2: await Page.Keyboard.PressAsync("s"); break;
                case 3: await Page.Keyboard.PressAsync(same); break;
                default: break; // Enter alone accepts the current label.
            }
            if (step == 0)
            {
                await Assertions.Expect(Page.Locator($".review-label[data-chosen=true]")).ToHaveAttributeAsync("data-label", current == "female" ? "male" : "female");
                await Screenshot("review-2-annotator-picks");
            }
            if (step != 2) await Page.Keyboard.PressAsync("Enter");
            if (step < 4) await Assertions.Expect(item).Not.ToHaveAttributeAsync("data-item", itemId!);
        }
        // The skipped name comes back at the end of the queue; Enter keeps its label.
        await Assertions.Expect(item).ToHaveAttributeAsync("data-item", skippedItem!);
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#review-done")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#review-all-tasks")).ToBeVisibleAsync();
        await Screenshot("review-3-annotator-done");
        await SignOut();

        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, taskPath);
        await Assertions.Expect(Page.Locator("#review-progress")).ToContainTextAsync("5 of 5 items done");
        await Page.ClickAsync("#review-close");
        await Assertions.Expect(Page.Locator("#review-result")).ToContainTextAsync("v2");
        await Assertions.Expect(Page.Locator("#diff-changed")).ToContainTextAsync($"{expectedChanges} changed");
        await Assertions.Expect(Page.Locator("#diff-added")).ToContainTextAsync("0 added");
        await Assertions.Expect(Page.Locator("#diff-removed")).ToContainTextAsync("0 removed");
        await Assertions.Expect(Page.Locator("#review-panel-message")).ToContainTextAsync($"{expectedChanges} labels changed by annie: row ");
        await Screenshot("review-4-closed-diff");
        Assert.Empty(ConsoleErrors);
    }

    // Returns the new dataset's id.
    private async Task<string> AddAnnieAndUploadNamesAsAdmin()
    {
        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, "/admin/users");
        await Page.GetByLabel("User name").FillAsync("annie");
        await Page.GetByLabel("Password").FillAsync("annies-password");
        await Page.Locator(".new-user-role-annotator").ClickAsync();
        await Page.ClickAsync("#create-user");
        await Assertions.Expect(Page.Locator("#users-message")).ToContainTextAsync("Created annie as annotator");

        await Page.GotoAsync("/datasets");
        await Pages.WaitForCircuitAsync(Page);
        await Page.GetByLabel("Dataset name").FillAsync("first names");
        await Page.SetInputFilesAsync("#dataset-file input[type=file]", RepoFiles.TestData("first-names.csv"));
        await Assertions.Expect(Page.Locator("#import-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Page.ClickAsync("#import-button");
        await Page.WaitForURLAsync("**/datasets/ds-*", new() { Timeout = 30_000 });
        return Page.Url.Split('/').Last();
    }

    [Fact]
    public async Task A_stale_save_shows_who_changed_the_item_and_use_mine_overwrites_it_on_purpose()
    {
        var datasetId = await AddAnnieAndUploadNamesAsAdmin();
        var created = await Page.APIRequest.PostAsync("/api/reviews", new()
        {
            DataObject = new { datasetId, version = 1, selection = new { kind = "rows", rows = new[] { 1, 2 } }, annotators = new[] { "annie" } },
        });
        Assert.Equal(201, created.Status);
        var taskId = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;

        var annieContext = await NewContextAsync();
        var annie = await annieContext.NewPageAsync();
        await Pages.SignInAsync(annie, "annie", "annies-password", $"/review/{taskId}");
        await Assertions.Expect(annie.Locator("#review-title")).ToHaveAttributeAsync("data-keys", "ready");
        await Assertions.Expect(annie.Locator("#review-text")).ToHaveTextAsync("Mollee");

        // While annie has Mollee open, the admin decides it (deliberately, past any revision).
        var resolved = await Page.APIRequest.PostAsync($"/api/reviews/{taskId}/conflicts/1", new() { DataObject = new { label = "female", basedOn = 1_000_000 } });
        Assert.Equal(200, resolved.Status);

        await annie.Keyboard.PressAsync("2");
        await annie.Keyboard.PressAsync("Enter");
        await Assertions.Expect(annie.Locator("#review-conflict")).ToContainTextAsync("Changed by admin (their label: female)");
        await annie.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, "review-5-stale-save.png"), FullPage = true });
        await annie.ClickAsync("#review-use-mine");
        await Assertions.Expect(annie.Locator("#review-item")).ToHaveAttributeAsync("data-item", "2");

        var closed = await Page.APIRequest.PostAsync($"/api/reviews/{taskId}/close");
        var body = (await closed.JsonAsync())!.Value;
        Assert.Equal(1, body.GetProperty("relabelled").GetInt32());
        Assert.Equal("1 label changed by annie: row 1 female → male", body.GetProperty("message").GetString());
        await annieContext.DisposeAsync();
    }

    [Fact]
    public async Task Back_takes_the_last_answer_back_and_closing_over_a_flag_asks_first()
    {
        var datasetId = await AddAnnieAndUploadNamesAsAdmin();
        var created = await Page.APIRequest.PostAsync("/api/reviews", new()
        {
            DataObject = new { datasetId, version = 1, selection = new { kind = "rows", rows = new[] { 1, 2 } }, annotators = new[] { "annie" } },
        });
        var taskId = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
        var taskPath = $"/review/{taskId}";
        var datasetName = (await (await Page.APIRequest.GetAsync($"/api/datasets/{datasetId}")).JsonAsync())!.Value.GetProperty("dataset").GetProperty("name").GetString()!;
        await SignOut();

        // Signing in without asking for a page, annie lands on her one open task.
        await Page.GotoAsync("/account/login");
        await Page.GetByLabel("User name").FillAsync("annie");
        await Page.GetByLabel("Password").FillAsync("annies-password");
        await Page.ClickAsync("#signin-button");
        await Page.WaitForURLAsync($"**{taskPath}", new() { Timeout = 30_000 });
        await Pages.WaitForCircuitAsync(Page);
        await Assertions.Expect(Page.Locator("#review-title")).ToHaveAttributeAsync("data-keys", "ready");
        await Assertions.Expect(Page.Locator("#review-dataset")).ToHaveTextAsync($"{datasetName} v1"); // its name, not its id

        var item = Page.Locator("#review-item");
        await Page.Keyboard.PressAsync("2");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-item", "2");
        await Page.Keyboard.PressAsync("b");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-item", "1");
        await Assertions.Expect(Page.Locator("#review-undone")).ToContainTextAsync("Taken back: male");
        await Assertions.Expect(Page.Locator(".review-label[data-chosen=true]")).ToHaveAttributeAsync("data-label", "male");
        await Screenshot("review-6-back");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-item", "2");
        await Page.Keyboard.PressAsync("f");
        await Page.Locator("#review-flag-comment").FillAsync("a nickname?");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#review-done")).ToBeVisibleAsync();
        await Screenshot("review-7-end-screen");
        await SignOut();

        await Pages.SignInAsync(Page, "admin", StudioProcess.AdminPassword, taskPath);
        await Page.ClickAsync("#review-close");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("flagged by annie (\"a nickname?\")");
        await Screenshot("review-8-close-asks");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep open" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#review-panel-message")).ToContainTextAsync("Not closed");
        await Page.ClickAsync("#review-close");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close anyway" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#review-panel-message")).ToContainTextAsync("1 label changed by annie: row 1 female → male");
        await Assertions.Expect(Page.Locator("#label-definitions-readonly")).ToBeVisibleAsync();
        Assert.Empty(ConsoleErrors);
    }

    private async Task SignOut()
    {
        await Page.ClickAsync("#sign-out");
        await Page.WaitForURLAsync("**/account/login**");
    }
}
