using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Datasets;

namespace TuneStudio.Web.Tests.Components;

public sealed class DatasetPageTests : ComponentTestContext
{
    private string Import(string csv, string name) =>
        Services.GetRequiredService<DatasetStore>()
            .ImportTextClassification(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), name + ".csv", name, null).Dataset!.Id;

    // The file's own split column is the expectation: each row shows its part, and the counts are the file's.
    [Fact]
    public void A_split_version_shows_each_rows_part_and_the_rows_in_each_part()
    {
        var id = Import("text,label,split\na,x,train\nb,y,validation\nc,x,test\nd,y,train\ne,x,train\n", "parts");

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal(["train", "validation", "test", "train", "train"], page.FindAll("#rows-table .row-split").Select(s => s.TextContent)));
        Assert.Equal(["train 3", "validation 1", "test 1"], page.FindAll("#split-counts .split-count").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void A_version_without_a_split_has_no_split_column()
    {
        var id = Import("text,label\na,x\nb,y\n", "plain");

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#rows-table .row-text").Count));
        Assert.Empty(page.FindAll("#rows-table .row-split"));
        Assert.Empty(page.FindAll("#split-counts"));
    }

    // In-app navigation from one dataset to another reuses the page with a new Id: the table must show the new rows.
    [Fact]
    public void Navigating_to_another_dataset_shows_its_rows_and_not_the_previous_ones()
    {
        var first = Import("text,label,split\nalpha,x,train\nbeta,y,test\n", "first");
        var second = Import("text,label\ngamma,x\ndelta,y\nepsilon,x\n", "second");
        var page = Render<DatasetPage>(p => p.Add(c => c.Id, first));
        page.WaitForAssertion(() => Assert.Equal(["alpha", "beta"], page.FindAll("#rows-table .row-text").Select(t => t.TextContent)));

        page.Render(p => p.Add(c => c.Id, second));

        page.WaitForAssertion(() => Assert.Equal(["gamma", "delta", "epsilon"], page.FindAll("#rows-table .row-text").Select(t => t.TextContent)));
        Assert.Empty(page.FindAll("#rows-table .row-split"));
        Assert.Contains("second", page.Find("h4").TextContent);
    }
}
