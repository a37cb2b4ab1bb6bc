using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace TuneStudio.E2E;

// The pages as a phone, a dark-mode user and a screen reader see them, over one studio holding a dataset, a
// trained run, a review task and a dataset whose label is HTML. Screenshots: layout-{page}-{size}-{palette}.png.
public sealed class PagesLayoutJourneyTests : BrowserJourney
{
    private static readonly (int Width, int Height) Phone = (390, 844), Desktop = (1400, 900);

    [Fact]
    public async Task Main_pages_fit_a_phone_and_a_desktop_in_light_and_dark_without_sideways_scroll_or_critical_axe_violations()
    {
        var seed = await SeedAsync();
        var pages = MainPages(seed);
        var problems = new List<string>();
        foreach (var (size, scheme) in new[] { (Phone, ColorScheme.Light), (Phone, ColorScheme.Dark), (Desktop, ColorScheme.Light), (Desktop, ColorScheme.Dark) })
        {
            var page = await SignedInPageAsync(size, scheme);
            string sizeName = size == Phone ? "phone" : "desktop", palette = scheme == ColorScheme.Dark ? "dark" : "light";
            foreach (var (name, path, ready) in pages)
            {
                await OpenAsync(page, path, ready);
                // The page itself never scrolls sideways; wide tables and code scroll inside their own boxes.
                var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
                if (widths[0] > widths[1]) problems.Add($"{name} at {sizeName}/{palette}: {widths[0]} px wide in a {widths[1]} px window, past its edge: {await WidestAsync(page)}");
                // On a desktop every table fits its page: nothing hides behind a table's own scroll bar (the models
                // table used to clip its licence column at 1400 px).
                if (size == Desktop)
                {
                    var clipped = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.mud-table-container')].filter(c => c.scrollWidth > c.clientWidth + 1).map(c => (c.closest('[id]')?.id ?? '?') + ' ' + c.scrollWidth + '>' + c.clientWidth)");
                    problems.AddRange(clipped.Select(c => $"{name} at {sizeName}/{palette}: table wider than its box: {c}"));
                }
                // The palette is the one the browser asked for, body and app bar alike.
                var background = await Luminance(page, "body");
                if ((scheme == ColorScheme.Dark) != (background < 0.2))
                    problems.Add($"{name} at {sizeName}/{palette}: body background luminance {background:0.00}");
                // Charts follow it: their tick labels are light on dark and dark on light.
                if (await page.Locator(".js-plotly-plot .xtick text").CountAsync() > 0)
                {
                    var tick = await TextLuminance(page, ".js-plotly-plot .xtick text");
                    if ((scheme == ColorScheme.Dark) != (tick > 0.4))
                        problems.Add($"{name} at {sizeName}/{palette}: chart tick text luminance {tick:0.00}");
                }
                if (size == Phone && scheme == ColorScheme.Light)
                    problems.AddRange((await CriticalAxeViolations(page)).Select(v => $"{name}: axe {v}"));
                await page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, $"layout-{name}-{sizeName}-{palette}.png"), FullPage = true });
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Below_960_px_the_navigation_hides_behind_the_menu_button()
    {
        await SeedAsync();
        var page = await SignedInPageAsync(Phone, ColorScheme.Light);
        await OpenAsync(page, "/runs", "#runs-table");
        var datasetsLink = page.Locator("#nav-drawer").GetByText("Datasets");
        await Assertions.Expect(datasetsLink).Not.ToBeInViewportAsync();
        await page.ClickAsync("#nav-toggle");
        await Assertions.Expect(datasetsLink).ToBeInViewportAsync();
        await datasetsLink.ClickAsync();
        await page.WaitForURLAsync("**/datasets");
        await Assertions.Expect(page.Locator("#datasets-table")).ToBeVisibleAsync();

        var desktop = await SignedInPageAsync(Desktop, ColorScheme.Light);
        await OpenAsync(desktop, "/runs", "#runs-table");
        await Assertions.Expect(desktop.Locator("#nav-drawer").GetByText("Datasets")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Dark_mode_follows_the_browser_and_the_toggle_is_remembered_from_the_first_paint()
    {
        // A browser that prefers dark gets a dark sign-in page on its very first visit (no cookie yet).
        var context = await Chromium.NewContextAsync(new() { BaseURL = Studio.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 }, ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        Assert.True(await Luminance(page, "body") < 0.2, "the sign-in page is dark");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, "dark-1-signin.png") });

        await Pages.SignInAsync(page, "admin", StudioProcess.AdminPassword);
        Assert.True(await Luminance(page, "body") < 0.2, "the runs page is dark");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, "dark-2-runs.png") });

        // The toggle turns it light and the choice outlives a reload, although the browser still prefers dark.
        await page.ClickAsync("#theme-toggle");
        await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("data-theme", "light");
        Assert.True(await Luminance(page, "body") > 0.8, "light after the toggle");
        await page.ReloadAsync();
        await Pages.WaitForCircuitAsync(page);
        Assert.True(await Luminance(page, "body") > 0.8, "still light after a reload");
        await page.ClickAsync("#theme-toggle");
        await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("data-theme", "dark");

        // The server renders the remembered palette itself: with JavaScript off the page still arrives dark, so
        // nothing paints light first. The light-preferring browser with the same cookie gets dark too.
        var cookies = await context.CookiesAsync();
        var noScript = await Chromium.NewContextAsync(new() { BaseURL = Studio.BaseAddress.ToString(), JavaScriptEnabled = false, ColorScheme = ColorScheme.Light });
        await noScript.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var staticPage = await noScript.NewPageAsync();
        await staticPage.GotoAsync("/runs");
        Assert.True(await Luminance(staticPage, "body") < 0.2, "the server rendered the chosen dark palette");
        Assert.True(await Luminance(staticPage, ".mud-appbar") < 0.2, "and the app bar in it");
        await noScript.CloseAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task Charts_label_their_axes_hover_in_words_offer_the_toolbar_and_keep_html_labels_as_text()
    {
        var seed = await SeedAsync();
        var page = await SignedInPageAsync(Desktop, ColorScheme.Light);

        // A label that is an HTML link shows as its text: no anchor anywhere in the chart's SVG.
        await OpenAsync(page, $"/datasets/{seed.HtmlDatasetId}", "#label-distribution .main-svg");
        var chart = page.Locator("#label-distribution");
        Assert.Equal(0, await chart.Locator("svg a").CountAsync());
        await Assertions.Expect(chart.Locator(".xtick text").First).ToHaveTextAsync("<a href=\"https://example.com/\">click</a>");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, "chart-html-label.png") });

        // The run's loss chart: axis titles with units, the toolbar (download as PNG among its buttons), and a hover
        // that names the step and the value.
        await OpenAsync(page, $"/runs/{seed.RunId}", $"#chart-{seed.RunId}-train_loss .main-svg");
        var loss = page.Locator($"#chart-{seed.RunId}-train_loss");
        await Assertions.Expect(loss.Locator(".xtitle")).ToHaveTextAsync("step (optimizer steps)");
        await Assertions.Expect(loss.Locator(".ytitle")).ToHaveTextAsync("loss (nats)");
        await page.WaitForFunctionAsync($"() => (document.getElementById('chart-{seed.RunId}-train_loss').data[0].x.length) >= {seed.Steps}");
        var first = await page.EvaluateAsync<double[]>($"() => {{ const d = document.getElementById('chart-{seed.RunId}-train_loss').data[0]; return [d.x[0], d.y[0]]; }}");
        await page.EvaluateAsync($"() => Plotly.Fx.hover('chart-{seed.RunId}-train_loss', [{{ curveNumber: 0, pointNumber: 0 }}])");
        await Assertions.Expect(loss.Locator(".hoverlayer .hovertext")).ToHaveTextAsync($"step {first[0]:0} · loss {Math.Round(first[1], 4 - 1 - (int)Math.Floor(Math.Log10(first[1])))}");
        await loss.HoverAsync();
        await Assertions.Expect(loss.Locator(".modebar-btn[data-title='Download plot as a PNG']")).ToHaveCountAsync(1);
        await Assertions.Expect(loss.Locator(".modebar-btn[data-title='Reset axes']")).ToHaveCountAsync(1);
        // The learning rate is charted once: the plan's schedule, not a second live chart.
        Assert.Equal(0, await page.Locator($"#chart-{seed.RunId}-train_lr").CountAsync());
        Assert.Equal(1, await page.Locator("[id^=lr-schedule-]").CountAsync());
        // A validation chart of a one-epoch run holds a single point on axes that start at 0.
        var range = await page.EvaluateAsync<double[]>($"() => {{ const l = document.getElementById('chart-{seed.RunId}-val_loss')._fullLayout; return [l.xaxis.range[0], l.xaxis.range[1], l.yaxis.range[0]]; }}");
        Assert.True(range[0] <= 0 && range[1] >= seed.Steps && range[2] <= 0, string.Join(", ", range));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoFiles.Screenshots, "chart-run-hover.png") });
    }

    [Fact]
    public async Task Audit_times_are_iso_utc_and_targets_link_to_their_pages()
    {
        var seed = await SeedAsync();
        var page = await SignedInPageAsync(Desktop, ColorScheme.Light);
        await OpenAsync(page, "/admin/audit", "#audit-table");
        var row = page.Locator("#audit-table tbody tr", new() { HasText = "run.started" });
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$"));
        await row.Locator("a.audit-target").ClickAsync();
        await page.WaitForURLAsync($"**/runs/{seed.RunId}");

        await OpenAsync(page, "/admin/audit", "#audit-table");
        await page.Locator("#audit-table tbody tr", new() { HasText = "review.created" }).Locator("a.audit-target").ClickAsync();
        await page.WaitForURLAsync($"**/review/{seed.ReviewId}");
        await OpenAsync(page, "/admin/audit", "#audit-table");
        await page.Locator("#audit-table tbody tr", new() { HasText = "dataset.created" }).First.Locator("a.audit-target").ClickAsync();
        await page.WaitForURLAsync("**/datasets/ds-*");
    }

    private sealed record Seed(string DatasetId, string HtmlDatasetId, string RunId, long Steps, string ReviewId);

    private static List<(string Name, string Path, string Ready)> MainPages(Seed seed) =>
    [
        ("runs", "/runs", "#runs-table"),
        ("run", $"/runs/{seed.RunId}", $"#chart-{seed.RunId}-train_loss .main-svg"),
        ("datasets", "/datasets", "#datasets-table"),
        ("dataset", $"/datasets/{seed.DatasetId}", "#label-distribution .main-svg"),
        ("models", "/models", "#models-table"),
        ("review-tasks", "/review", "#review-tasks"),
        ("review-queue", $"/review/{seed.ReviewId}", "#review-item"),
        ("users", "/admin/users", "#users-table"),
        ("audit", "/admin/audit", "#audit-table"),
        ("profile", "/account/profile", "#tokens-table"),
    ];

    private async Task<IPage> SignedInPageAsync((int Width, int Height) size, ColorScheme scheme)
    {
        var context = await Chromium.NewContextAsync(new()
        {
            BaseURL = Studio.BaseAddress.ToString(),
            ViewportSize = new() { Width = size.Width, Height = size.Height },
            ColorScheme = scheme,
            // axe-core is injected as a script; the studio's CSP (script-src 'self') would refuse it.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") ConsoleErrors.Add($"{page.Url}: {message.Text}"); };
        await Pages.SignInAsync(page, "admin", StudioProcess.AdminPassword);
        return page;
    }

    private static async Task OpenAsync(IPage page, string path, string ready)
    {
        await page.GotoAsync(path);
        await Pages.WaitForCircuitAsync(page);
        await page.Locator(ready).First.WaitForAsync(new() { Timeout = 30_000 });
    }

    // The innermost elements that reach past the window's right edge, to name in a failure.
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>(@"() => {
        const past = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1);
        const innermost = past.filter(e => ![...e.children].some(c => past.includes(c)));
        return innermost.slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].slice(0, 3).join('.') + ' (' + Math.round(e.getBoundingClientRect().right) + ')').join(', ');
    }");

    // Relative luminance (WCAG) of an element's computed background colour: 0 black, 1 white.
    private static async Task<double> Luminance(IPage page, string selector)
    {
        var rgb = await page.EvaluateAsync<double[]>($"() => getComputedStyle(document.querySelector('{selector}')).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)");
        return Luminance(rgb);
    }

    private static double Luminance(double[] rgb)
    {
        static double Channel(double c) => (c /= 255) <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);
    }

    private static async Task<double> TextLuminance(IPage page, string selector)
    {
        var rgb = await page.EvaluateAsync<double[]>($"() => getComputedStyle(document.querySelector('{selector}')).fill.match(/[\\d.]+/g).slice(0, 3).map(Number)");
        return Luminance(rgb);
    }

    private static async Task<string[]> CriticalAxeViolations(IPage page)
    {
        if (await page.EvaluateAsync<bool>("() => typeof axe === 'undefined'"))
            await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "axe.min.js") });
        return await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'critical').map(v => v.id + ' (' + v.help + '): ' + v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 120)).join('; '))");
    }

    // Through the API as the admin: the names dataset, a one-epoch run on it, a review task for the admin, and a
    // dataset whose label is an HTML link.
    private async Task<Seed> SeedAsync()
    {
        using var http = new HttpClient { BaseAddress = Studio.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = StudioProcess.AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());

        var names = await UploadAsync(http, "first names", "first-names.csv", await File.ReadAllBytesAsync(RepoFiles.TestData("first-names.csv")));
        var html = new StringBuilder();
        for (int i = 0; i < 6; i++)
            html.AppendLine(JsonSerializer.Serialize(new { text = $"row {i}", label = i % 2 == 0 ? "plain" : "<a href=\"https://example.com/\">click</a>" }));
        var htmlDataset = await UploadAsync(http, "html labels", "html.jsonl", Encoding.UTF8.GetBytes(html.ToString()));

        var started = await http.PostAsJsonAsync("/api/runs", new { name = "phone run", datasetId = names, datasetVersion = 1, epochs = 1, batchSize = 32 });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement run;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        do run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        while (run.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var metrics = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key=train/loss");
        long steps = metrics.GetProperty("points").GetArrayLength();

        var review = await http.PostAsJsonAsync("/api/reviews", new { datasetId = names, version = 1, selection = new { kind = "sample", size = 3, seed = 7 }, annotators = new[] { "admin" } });
        Assert.True(review.IsSuccessStatusCode, await review.Content.ReadAsStringAsync());
        var reviewId = (await review.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return new Seed(names, htmlDataset, runId, steps, reviewId);
    }

    // The run trains on its own thread; the API is asked again until it has ended (bounded by the deadline above).
    private static async Task<bool> Delay()
    {
        await Task.Delay(250);
        return true;
    }

    private static async Task<string> UploadAsync(HttpClient http, string name, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent { { new StringContent(name), "name" }, { new ByteArrayContent(content), "file", fileName } };
        var response = await http.PostAsync("/api/datasets", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
