using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Controls;
using TuneStudio.Web.Components.Pages.Datasets;

namespace TuneStudio.Web.Tests.Components;

public sealed class AugmentationPreviewPanelTests : ComponentTestContext
{
    private const string Csv = """
        text,label
        the delivery came two days late and the box was crushed,neg
        great value for the price and it works exactly as described,pos
        <b>bold</b> claims about the battery were simply not true,neg
        """;

    private DatasetStore Store => Services.GetRequiredService<DatasetStore>();

    private string Import() =>
        Store.ImportTextClassification(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Csv.Replace("\r\n", "\n") + "\n")), "a.csv", "reviews", null).Dataset!.Id;

    private IRenderedComponent<AugmentationPreviewPanel> RenderPanel(string id, string task = DatasetTasks.TextClassification) =>
        Render<AugmentationPreviewPanel>(p => p.Add(c => c.DatasetId, id).Add(c => c.Version, 1).Add(c => c.DatasetTask, task));

    [Fact]
    public void Rows_show_beside_their_noisy_forms_with_changed_words_marked_and_user_text_encoded()
    {
        var panel = RenderPanel(Import());

        panel.Find("#preview-deletion").Change("0.4");
        panel.Find("#preview-swap").Change("0.4");
        panel.Find("#preview-typo").Change("0.1");
        panel.Find("#preview-show").Click();

        var rows = panel.FindAll("#augmentation-rows tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal("the delivery came two days late and the box was crushed", rows[0].QuerySelector(".aug-original")!.TextContent);
        Assert.NotEmpty(panel.FindAll("#augmentation-rows mark.aug-added"));
        Assert.NotEmpty(panel.FindAll("#augmentation-rows mark.aug-removed"));
        // The unmarked words are the ones both sides share, in the same order.
        Assert.All(rows, row => Assert.Equal(Unmarked(row.QuerySelector(".aug-original")!), Unmarked(row.QuerySelector(".aug-augmented")!)));
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", rows[2].QuerySelector(".aug-original")!.InnerHtml);
        Assert.Empty(panel.FindAll("#augmentation-rows b"));
    }

    private static string[] Unmarked(AngleSharp.Dom.IElement cell) =>
        string.Join(" ", cell.ChildNodes.Where(node => node is not AngleSharp.Dom.IElement { LocalName: "mark" }).Select(node => node.TextContent))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Zero_noise_shows_every_row_unchanged_and_nothing_marked()
    {
        var panel = RenderPanel(Import());

        panel.Find("#preview-deletion").Change("0");
        panel.Find("#preview-swap").Change("0");
        panel.Find("#preview-typo").Change("0");
        panel.Find("#preview-show").Click();

        Assert.All(panel.FindAll("#augmentation-rows tbody tr"),
            row => Assert.Equal(row.QuerySelector(".aug-original")!.TextContent, row.QuerySelector(".aug-augmented")!.TextContent));
        Assert.Empty(panel.FindAll("#augmentation-rows mark"));
    }

    [Fact]
    public void Another_epoch_draws_other_noise_and_the_same_settings_repeat_it()
    {
        var panel = RenderPanel(Import());
        string Augmented() => string.Join("\n", panel.FindAll("#augmentation-rows .aug-augmented").Select(cell => cell.TextContent));
        panel.Find("#preview-deletion").Change("0.3");
        panel.Find("#preview-typo").Change("0.1");

        panel.Find("#preview-show").Click();
        var first = Augmented();
        panel.Find("#preview-epoch").Change("2");
        panel.Find("#preview-show").Click();
        var second = Augmented();
        panel.Find("#preview-epoch").Change("1");
        panel.Find("#preview-show").Click();

        Assert.NotEqual(first, second);
        Assert.Equal(first, Augmented());
    }

    [Fact]
    public void A_bad_probability_is_named_beside_its_field_and_keeps_the_last_preview()
    {
        var panel = RenderPanel(Import());
        var before = panel.Find("#augmentation-rows").TextContent;

        panel.Find("#preview-typo").Change("1");
        panel.Find("#preview-show").Click();

        var field = panel.Find("#preview-typo").Closest(".mud-input-control")!;
        Assert.Contains("Typo probability must be at least 0 and below 1.", field.TextContent);
        Assert.Equal(before, panel.Find("#augmentation-rows").TextContent);
    }

    [Fact]
    public void An_image_dataset_says_its_preview_is_not_available_yet()
    {
        var panel = RenderPanel("ds-images", DatasetTasks.ImageClassification);

        Assert.Contains("Image augmentation previews are not available yet", panel.Find("#augmentation-preview-unavailable").TextContent);
        Assert.Empty(panel.FindAll("#augmentation-rows"));
    }

    [Fact]
    public void The_dataset_page_offers_the_preview_as_a_tab()
    {
        var id = Import();

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        Assert.Contains(page.FindAll(".mud-tab"), tab => tab.TextContent.Trim() == "Augmentation preview");
    }
}
