using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Datasets;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Components;

public sealed class ImageRowGridTests : ComponentTestContext
{
    private DatasetStore Store => Services.GetRequiredService<DatasetStore>();

    private string ImportFashionSlice()
    {
        var files = new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
        var uploads = files.Select(f => new ImageUpload(f, () => File.OpenRead(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", f))))).ToList();
        return Store.ImportImages(uploads, "fashion").Dataset!.Id;
    }

    [Fact]
    public void The_dataset_page_shows_image_rows_as_a_paged_grid_of_thumbnails_with_labels()
    {
        var id = ImportFashionSlice();

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        var cells = page.FindAll("#image-grid figure");
        Assert.Equal(48, cells.Count);
        Assert.StartsWith($"/api/datasets/{id}/images/", cells[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("Ankle boot", cells[0].QuerySelector("figcaption")!.TextContent);
        Assert.Empty(page.FindAll("#rows-table"));
        Assert.NotEmpty(page.FindAll("#image-grid-pager"));
    }

    [Fact]
    public void A_label_reaches_the_grid_HTML_encoded()
    {
        var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("<i>cat & dog/a.png").Open();
            var png = new MemoryStream();
            new StbImageWriteSharp.ImageWriter().WritePng(new byte[4], 2, 2, StbImageWriteSharp.ColorComponents.Grey, png);
            entry.Write(png.ToArray());
        }
        var bytes = zip.ToArray();
        var id = Store.ImportImages([new ImageUpload("a.zip", () => new MemoryStream(bytes))], "tags").Dataset!.Id;

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        Assert.Contains("&lt;i&gt;cat &amp; dog", page.Find("#image-grid figcaption").InnerHtml);
    }
}
