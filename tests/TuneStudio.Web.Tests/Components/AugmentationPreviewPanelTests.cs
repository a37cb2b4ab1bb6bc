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

    private string ImportFashionSlice()
    {
        string[] files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        var uploads = files.Select(file => new ImageUpload(file, () => File.OpenRead(Support.RepoFiles.TestData(Path.Combine("fashion-mnist-slice", file))))).ToList();
        return Store.ImportImages(uploads, "fashion").Dataset!.Id;
    }

    private static List<string> Copies(IRenderedComponent<AugmentationPreviewPanel> panel) =>
        panel.FindAll("#image-augmentation-rows .aug-image-copy img").Select(img => img.GetAttribute("src")!).ToList();

    [Fact]
    public void An_image_dataset_shows_each_image_beside_its_augmented_copies_sharp_and_labelled()
    {
        var panel = RenderPanel(ImportFashionSlice(), DatasetTasks.ImageClassification);

        var rows = panel.FindAll("#image-augmentation-rows .aug-image-row");
        Assert.Equal(4, rows.Count);
        Assert.Contains("Ankle boot", rows[0].QuerySelector(".aug-image-original figcaption")!.TextContent);
        foreach (var row in rows)
        {
            var original = row.QuerySelector(".aug-image-original img")!;
            var copies = row.QuerySelectorAll(".aug-image-copy img").Select(img => img.GetAttribute("src")!).ToList();
            Assert.StartsWith("data:image/png;base64,", original.GetAttribute("src"));
            Assert.Equal("84", original.GetAttribute("width")); // 28×28 at 3×
            Assert.Equal(5, copies.Count);
            Assert.All(copies, copy => Assert.StartsWith("data:image/png;base64,", copy));
            Assert.Contains(copies, copy => copy != original.GetAttribute("src"));
        }
        Assert.Empty(panel.FindAll("#augmentation-preview-unavailable"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_copies_and_another_seed_others()
    {
        var panel = RenderPanel(ImportFashionSlice(), DatasetTasks.ImageClassification);

        panel.Find("#preview-image-seed").Change("7");
        panel.Find("#preview-image-show").Click();
        var seven = Copies(panel);
        panel.Find("#preview-image-seed").Change("8");
        panel.Find("#preview-image-show").Click();
        var eight = Copies(panel);
        panel.Find("#preview-image-seed").Change("7");
        panel.Find("#preview-image-show").Click();

        Assert.NotEqual(seven, eight);
        Assert.Equal(seven, Copies(panel));
    }

    [Fact]
    public void A_bad_image_option_is_named_beside_its_field_and_keeps_the_last_preview()
    {
        var panel = RenderPanel(ImportFashionSlice(), DatasetTasks.ImageClassification);
        var before = Copies(panel);

        panel.Find("#preview-image-rotation").Change("90");
        panel.Find("#preview-image-show").Click();

        var field = panel.Find("#preview-image-rotation").Closest(".mud-input-control")!;
        Assert.Contains("Rotation must be between 0 and 45 degrees.", field.TextContent);
        Assert.DoesNotContain("must be", panel.Find("#preview-image-brightness").Closest(".mud-input-control")!.TextContent);
        Assert.Equal(before, Copies(panel));
    }

    [Fact]
    public void Switching_every_transform_off_gives_copies_identical_to_the_original()
    {
        var panel = RenderPanel(ImportFashionSlice(), DatasetTasks.ImageClassification);

        panel.Find("#preview-image-hflip").Change(false);
        panel.Find("#preview-image-crop").Change("1");
        panel.Find("#preview-image-rotation").Change("0");
        panel.Find("#preview-image-brightness").Change("0");
        panel.Find("#preview-image-contrast").Change("0");
        panel.Find("#preview-image-show").Click();

        foreach (var row in panel.FindAll("#image-augmentation-rows .aug-image-row"))
        {
            var original = row.QuerySelector(".aug-image-original img")!.GetAttribute("src");
            Assert.All(row.QuerySelectorAll(".aug-image-copy img"), copy => Assert.Equal(original, copy.GetAttribute("src")));
        }
    }

    [Fact]
    public void The_dataset_page_offers_the_preview_as_a_tab()
    {
        var id = Import();

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        Assert.Contains(page.FindAll(".mud-tab"), tab => tab.TextContent.Trim() == "Augmentation preview");
    }
}
