using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Components.Pages.Review;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Components;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Reviews;

public sealed class ImageReviewItemTests : ComponentTestContext
{
    [Theory]
    [InlineData(28, 28, 336, 336)]     // Fashion-MNIST: 12× with sharp pixels
    [InlineData(100, 50, 300, 150)]    // whole steps only
    [InlineData(1000, 500, 336, 168)]  // big images shrink to fit
    public void An_image_is_shown_large_at_a_whole_scale_with_sharp_pixels(int width, int height, int shownWidth, int shownHeight)
    {
        var hash = new string('a', 64);

        var item = Render<ImageReviewItem>(p => p.Add(c => c.DatasetId, "ds-1").Add(c => c.Reference, $"{hash} {width}x{height}x1"));

        var image = item.Find("#review-image img");
        Assert.Equal($"/api/datasets/ds-1/images/{hash}", image.GetAttribute("src"));
        Assert.Equal((shownWidth.ToString(), shownHeight.ToString()), (image.GetAttribute("width"), image.GetAttribute("height")));
        Assert.Contains($"{width}×{height}", item.Find("#review-image figcaption").TextContent);
    }

    [Fact]
    public async Task An_annotator_relabels_an_image_item_with_digit_and_Enter()
    {
        var datasets = Services.GetRequiredService<DatasetStore>();
        var files = new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
        var id = datasets.ImportImages(files.Select(f => new ImageUpload(f, () => File.OpenRead(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", f))))).ToList(), "fashion").Dataset!.Id;
        var reviews = Services.GetRequiredService<ReviewStore>();
        var task = reviews.Create(new NewReviewTask(id, 1, null, new ReviewSelection(ReviewSelection.List, Rows: [1, 2]), ["annie"]), "erin").Task!;
        Authorization.SetAuthorized("annie");
        Authorization.SetRoles(Roles.Annotator);

        var page = Render<ReviewQueuePage>(p => p.Add(c => c.TaskId, task.Id));

        var hash = ImageReference.Parse(task.Items[0].Text)!.Hash;
        Assert.Equal($"/api/datasets/{id}/images/{hash}", page.Find("#review-image img").GetAttribute("src"));
        Assert.Equal("Ankle boot", page.Find("#review-current").TextContent);
        var labels = page.FindAll(".review-label").Select(l => l.GetAttribute("data-label")).ToList();
        var key = (labels.IndexOf("Sneaker") + 1).ToString();
        await page.InvokeAsync(() => page.Instance.OnReviewKey(key));
        await page.InvokeAsync(() => page.Instance.OnReviewKey("Enter"));

        Assert.Equal("2", page.Find("#review-item").GetAttribute("data-item"));
        Assert.Equal("Sneaker", reviews.Get(task.Id)!.Items[0].Annotations.Single().Label);
    }
}
