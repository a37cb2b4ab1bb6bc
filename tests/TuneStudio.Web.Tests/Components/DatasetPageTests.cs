using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Components.Controls;
using TuneStudio.Web.Components.Pages.Datasets;

namespace TuneStudio.Web.Tests.Components;

// The dataset page's rows search and sort, delete (refused while in use, asked first, audited), the rejected-rows
// notice, the toast after an operation and the counts on the label chart.
public sealed class DatasetPageTests : ComponentTestContext
{
    public DatasetPageTests() =>
        Authorization.SetPolicies(TuneStudio.Web.Security.Policies.AllowedRoles.Where(p => p.Value.Contains(TuneStudio.Web.Security.Roles.Engineer)).Select(p => p.Key).ToArray());

    private DatasetStore Store => Services.GetRequiredService<DatasetStore>();

    private string Import(string csv) =>
        Store.ImportTextClassification(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "people.csv", "people", null).Dataset!.Id;

    private static List<string> Texts(IRenderedComponent<DatasetPage> page) =>
        page.FindAll("#rows-table tbody tr .row-text").Select(t => t.TextContent).ToList();

    [Fact]
    public async Task The_rows_table_searches_text_and_label_and_sorts_by_a_column()
    {
        var id = Import("text,label\nAnna,female\nbob,male\nJoanne,female\nZed,annex\n");
        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Equal(["Anna", "bob", "Joanne", "Zed"], Texts(page)));

        var search = page.FindComponents<MudTextField<string>>().Single(f => f.Instance.UserAttributes.TryGetValue("id", out var v) && (string?)v == "rows-search");
        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("ANN"));
        page.WaitForAssertion(() => Assert.Equal(["Anna", "Joanne", "Zed"], Texts(page)));

        // Label ascending: annex (Zed), then female in stored order (Anna, Joanne).
        page.FindAll(".mud-table-sort-label").Single(l => l.TextContent.Contains("Label")).Click();
        page.WaitForAssertion(() => Assert.Equal(["Zed", "Anna", "Joanne"], Texts(page)));
        // Rows keep their numbers in the version: Zed is row 4.
        Assert.Equal("4", page.Find("#rows-table tbody tr td").TextContent.Trim());

        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("nobody"));
        page.WaitForAssertion(() => Assert.Contains("nobody", page.Find("#rows-none").TextContent));
    }

    [Fact]
    public void Delete_is_refused_naming_the_run_that_trains_on_the_dataset()
    {
        var id = Import("text,label\nAnn,female\n");
        var run = Services.GetRequiredService<RunStore>().Create(new RunRecord { Name = "busy", DatasetId = id, DatasetVersion = 1, Model = "tiny", Method = "full", Status = RunStatus.Running });
        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        page.Find("#delete-dataset").Click();

        page.WaitForAssertion(() => Assert.Contains($"run {run.Id}", page.Find("#delete-refused").TextContent));
        Assert.NotNull(Store.Get(id));
    }

    [Fact]
    public async Task Delete_asks_first_then_removes_the_dataset_audits_it_and_goes_back_to_the_list()
    {
        var id = Import("text,label\nAnn,female\n");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        // The click's handler waits for the answer to the dialog, so the click completes only after it.
        var clicked = page.Find("#delete-dataset").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Delete 'people' with all 1 version(s)?", dialogs.Markup));
        Assert.NotNull(Store.Get(id));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await clicked.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(Store.Get(id));
        Assert.EndsWith("/datasets", Services.GetRequiredService<NavigationManager>().Uri);
        var entry = Assert.Single(Services.GetRequiredService<AuditLog>().Find(new AuditFilter(Action: AuditActions.DatasetDeleted)));
        Assert.Equal(("engineer", id), (entry.UserName, entry.Target));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message.Contains("'people' deleted"));
    }

    [Fact]
    public void An_import_that_left_rows_out_says_so_with_a_link_to_the_rejected_rows()
    {
        var id = Store.ImportValidRows(() => new MemoryStream("text,label\nAnn,female\n,male\n"u8.ToArray()), "people.csv", "people", DatasetTasks.TextClassification, null).Dataset!.Id;

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        Assert.Contains("1 problem(s)", page.Find("#rejected-rows").TextContent);
        Assert.Equal($"/api/datasets/{id}/rejected-rows", page.Find("#rejected-rows-download").GetAttribute("href"));
    }

    [Fact]
    public async Task Applying_an_operation_from_the_menu_shows_a_toast_naming_the_new_version()
    {
        var id = Import("text,label\n Ann ,female\nBob,male\n");
        var popovers = Render<MudPopoverProvider>();
        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        await page.Find("#operations-menu button").ClickAsync(new());
        popovers.WaitForAssertion(() => Assert.Contains("Trim whitespace", popovers.Markup));
        await popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Trim whitespace")).ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#operation-form")));
        await page.Find("#preview-operation").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("1 changed", page.Find("#preview-rows").TextContent));
        await page.Find("#apply-operation").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars,
            s => s.Message == "Version 2 created: Trim whitespace of v1, 2 rows."));
        Assert.Equal(2, Store.Get(id)!.LatestVersion);
    }

    [Fact]
    public void Each_bar_of_the_label_chart_carries_its_count()
    {
        var chart = Render<LabelDistributionChart>(p => p.Add(c => c.Counts, new Dictionary<string, long> { ["female"] = 1200, ["male"] = 3 }));

        var bar = Assert.IsType<Plotly.Blazor.Traces.Bar>(Assert.Single(chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Data));
        Assert.Equal(["1,200", "3"], bar.TextArray);
        Assert.Equal(Plotly.Blazor.Traces.BarLib.TextPositionEnum.Outside, bar.TextPosition);
    }

    private string ImportNamed(string csv, string name) =>
        Store.ImportTextClassification(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), name + ".csv", name, null).Dataset!.Id;

    // The file's own split column is the expectation: each row shows its part, and the counts are the file's.
    [Fact]
    public void A_split_version_shows_each_rows_part_and_the_rows_in_each_part()
    {
        var id = ImportNamed("text,label,split\na,x,train\nb,y,validation\nc,x,test\nd,y,train\ne,x,train\n", "parts");

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal(["train", "validation", "test", "train", "train"], page.FindAll("#rows-table .row-split").Select(s => s.TextContent)));
        Assert.Equal(["train 3", "validation 1", "test 1"], page.FindAll("#split-counts .split-count").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void A_version_without_a_split_has_no_split_column()
    {
        var id = ImportNamed("text,label\na,x\nb,y\n", "plain");

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#rows-table .row-text").Count));
        Assert.Empty(page.FindAll("#rows-table .row-split"));
        Assert.Empty(page.FindAll("#split-counts"));
    }

    // In-app navigation from one dataset to another reuses the page with a new Id: the table must show the new rows.
    [Fact]
    public void Navigating_to_another_dataset_shows_its_rows_and_not_the_previous_ones()
    {
        var first = ImportNamed("text,label,split\nalpha,x,train\nbeta,y,test\n", "first");
        var second = ImportNamed("text,label\ngamma,x\ndelta,y\nepsilon,x\n", "second");
        var page = Render<DatasetPage>(p => p.Add(c => c.Id, first));
        page.WaitForAssertion(() => Assert.Equal(["alpha", "beta"], page.FindAll("#rows-table .row-text").Select(t => t.TextContent)));

        page.Render(p => p.Add(c => c.Id, second));

        page.WaitForAssertion(() => Assert.Equal(["gamma", "delta", "epsilon"], page.FindAll("#rows-table .row-text").Select(t => t.TextContent)));
        Assert.Empty(page.FindAll("#rows-table .row-split"));
        Assert.Contains("second", page.Find("h4").TextContent);
    }
}
