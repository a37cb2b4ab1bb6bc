using Bunit;
using TuneStudio.Web.Components.Pages.Models;

namespace TuneStudio.Web.Tests.Components;

public sealed class ModelsPageTests : ComponentTestContext
{
    [Fact]
    public void Each_row_shows_every_task_its_model_trains()
    {
        var page = Render<ModelsPage>();

        string[] TasksOf(string id) => page.FindAll("#models-table tbody tr")
            .Single(row => row.QuerySelector(".run-id")?.TextContent == id)
            .QuerySelectorAll(".model-task").Select(chip => chip.TextContent.Trim()).ToArray();
        Assert.Equal(["text-classification", "token-classification", "multi-label-classification", "sentence-embedding"], TasksOf("minilm-l6"));
        Assert.Equal(["text-classification", "multi-label-classification"], TasksOf("tiny-transformer"));
        Assert.Equal(["image-classification"], TasksOf("resnet18"));
    }
}
