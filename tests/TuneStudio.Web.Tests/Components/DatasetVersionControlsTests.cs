using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Controls;
using TuneStudio.Web.Components.Pages.Datasets;

namespace TuneStudio.Web.Tests.Components;

public sealed class DatasetVersionControlsTests : ComponentTestContext
{
    private DatasetStore Store => Services.GetRequiredService<DatasetStore>();

    private string Import(string csv) =>
        Store.ImportTextClassification(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "a.csv", "reviews", null).Dataset!.Id;

    [Fact]
    public async Task The_operation_form_applies_a_rename_picked_from_the_labels_after_a_preview_and_hands_over_the_new_version()
    {
        var id = Import("text,label\ngood,pos\nbad,neg\nfine,pos\n");
        DatasetVersionInfo? created = null;
        var form = Render<DatasetOperationForm>(p => p
            .Add(c => c.Operation, DatasetOperationNames.RenameLabel)
            .Add(c => c.BaseVersion, Store.GetVersion(id, 1)!)
            .Add(c => c.OnApplied, (DatasetVersionInfo v) => created = v));

        var picker = form.FindComponents<MudBlazor.MudSelect<string>>().Single();
        // The picker offers the version's labels with their counts.
        Assert.Equal(["neg", "pos"], form.FindComponents<MudBlazor.MudSelectItem<string>>().Select(i => i.Instance.Value));
        await form.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("pos"));
        form.Find("#op-to").Change("positive");
        Assert.True(form.Find("#apply-operation").HasAttribute("disabled"), "Apply waits for a preview");
        await form.Find("#preview-operation").ClickAsync(new());
        form.WaitForState(() => form.FindAll("#operation-preview").Count > 0);

        // 3 rows stay, none dropped, the two 'pos' rows change.
        Assert.Contains("3 rows → 3 rows · 0 dropped · 2 changed", form.Find("#preview-rows").TextContent);
        Assert.Contains("neg 1, positive 2", form.Find("#preview-labels").TextContent);
        Assert.Single(Store.ListVersions(id));
        await form.Find("#apply-operation").ClickAsync(new());
        form.WaitForState(() => created is not null);

        Assert.Equal(2, created!.Version);
        Assert.Equal(["neg", "positive"], created.Labels);
    }

    [Fact]
    public async Task Changing_a_setting_after_the_preview_asks_for_a_new_one_before_applying()
    {
        var id = Import("text,label\ngood,pos\nbad,neg\n");
        var form = Render<DatasetOperationForm>(p => p
            .Add(c => c.Operation, DatasetOperationNames.Split)
            .Add(c => c.BaseVersion, Store.GetVersion(id, 1)!));

        await form.Find("#preview-operation").ClickAsync(new());
        form.WaitForState(() => form.FindAll("#preview-split").Count > 0);
        Assert.False(form.Find("#apply-operation").HasAttribute("disabled"));
        form.Find("#op-seed").Change("7");

        Assert.True(form.Find("#apply-operation").HasAttribute("disabled"));
        Assert.Contains("settings changed", form.Find("#operation-preview").TextContent);
    }

    [Fact]
    public async Task The_operation_form_shows_refusals_by_field_and_stores_nothing()
    {
        var id = Import("text,label\ngood,<b>x</b>\nbad,neg\n");
        var form = Render<DatasetOperationForm>(p => p
            .Add(c => c.Operation, DatasetOperationNames.RenameLabel)
            .Add(c => c.BaseVersion, Store.GetVersion(id, 1)!));

        var picker = form.FindComponents<MudBlazor.MudSelect<string>>().Single();
        await form.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("neg"));
        form.Find("#op-to").Change("<b>x</b>");
        await form.Find("#preview-operation").ClickAsync(new());
        form.WaitForState(() => form.FindAll("#operation-errors").Count > 0);

        var errors = form.Find("#operation-errors");
        Assert.Contains("to", errors.TextContent);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", errors.InnerHtml);
        Assert.True(form.Find("#apply-operation").HasAttribute("disabled"));
        Assert.Single(Store.ListVersions(id));
    }

    [Fact]
    public void The_diff_view_highlights_the_changed_field_with_old_and_new_values_encoded()
    {
        var id = Import("text,label\n<i>good</i> ,pos\nbad,neg\nugly,neg\n");
        Store.ApplyOperation(id, 1, new TrimWhitespace());
        Store.ApplyOperation(id, 2, new DropRows(null, "ugly", null));

        var view = Render<VersionDiffView>(p => p.Add(c => c.DatasetId, id).Add(c => c.From, 1).Add(c => c.To, 3));
        view.WaitForState(() => view.FindAll(".diff-rows tbody tr").Count == 2);

        Assert.Contains("1 changed", view.Find("#diff-changed").TextContent);
        Assert.Contains("1 removed", view.Find("#diff-removed").TextContent);
        var changed = view.FindAll(".diff-field-changed").Single();
        Assert.Equal("<i>good</i> ", changed.QuerySelector("del")!.TextContent);
        Assert.Equal("<i>good</i>", changed.QuerySelector("ins")!.TextContent);
        Assert.Contains("&lt;i&gt;good&lt;/i&gt;", changed.InnerHtml);
        var labels = view.FindAll(".diff-labels tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(["neg21-1", "pos110"], labels);
    }

    [Fact]
    public void The_dataset_page_lists_versions_with_provenance_and_the_runs_of_the_selected_version()
    {
        var id = Import("text,label\ngood,pos\nbad,neg\n");
        Store.ApplyOperation(id, 1, new MergeLabels(["pos", "neg"], "any"));
        var runs = Services.GetRequiredService<RunStore>();
        runs.Create(new RunRecord { Name = "on v2", DatasetId = id, DatasetVersion = 2, Model = "tiny", Method = "lora" });
        runs.Create(new RunRecord { Name = "on v1", DatasetId = id, DatasetVersion = 1, Model = "tiny", Method = "full" });

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        Assert.Contains("version 2 of 2", page.Find("#version-summary").TextContent);
        Assert.Contains("merge-labels", page.Find("#version-summary").TextContent);
        Assert.Contains("of v1", page.Find("#version-summary").TextContent);
        var changesTab = page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Changes"));
        Assert.Contains("Changes from v1", changesTab.TextContent);
        changesTab.Click();
        page.WaitForState(() => page.FindAll(".diff-field-changed").Count == 2);

        var runsTab = page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Runs"));
        Assert.Contains("Runs (1)", runsTab.TextContent);
        runsTab.Click();
        // The tab renders its panel after the click's render batch: wait for it rather than race it.
        page.WaitForAssertion(() =>
            Assert.Equal(["on v2"], page.FindAll(".dataset-runs tbody tr td:first-child").Select(td => td.TextContent.Trim())));
    }

    [Fact]
    public void The_validation_panel_lists_warnings_with_example_rows_numbered_from_1_and_encoded()
    {
        var id = Import("text,label\n<b>a</b>,x\n<b>a</b>,x\nb,y\n");

        var panel = Render<ValidationReportPanel>(p => p.Add(c => c.Report, Store.GetVersion(id, 1)!.Report));

        var duplicate = panel.FindAll(".validation-warning").Single(w => w.TextContent.Contains("duplicate-rows"));
        Assert.Contains("Rows 2.", duplicate.TextContent);
        Assert.Contains(panel.FindAll(".validation-warning"), w => w.TextContent.Contains("rare-class"));
    }
}
