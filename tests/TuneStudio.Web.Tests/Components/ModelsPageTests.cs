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

    [Fact]
    public void Each_row_splits_its_parameters_into_backbone_and_two_class_head()
    {
        var page = Render<ModelsPage>();

        AngleSharp.Dom.IElement Cell(string id) => page.FindAll("#models-table tbody tr")
            .Single(row => row.QuerySelector(".run-id")?.TextContent == id).QuerySelector(".model-parameters")!;
        long Total(string id) => long.Parse(Cell(id).QuerySelector("div")!.TextContent.Trim().Replace(",", ""));
        string Parts(string id) => Cell(id).QuerySelector(".model-parameter-parts")!.TextContent.Trim();
        // A two-class head is one linear layer over the features: MiniLM's 384 wide, ResNet-18's 512 (weights + biases).
        Assert.Equal(22_566_146, Total("minilm-l6"));
        Assert.Equal($"{22_566_146 - 770:N0} backbone + 770 head", Parts("minilm-l6"));
        Assert.Equal($"{Total("resnet18") - 1_026:N0} backbone + {1_026:N0} head", Parts("resnet18"));
    }
}
