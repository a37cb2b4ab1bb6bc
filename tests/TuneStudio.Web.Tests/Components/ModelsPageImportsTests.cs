using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Models;
using TuneStudio.Web.Models;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Tests.Components;

// An engineer renames and deletes imports on the Models page; built-in models offer neither, and a model a run uses stays.
public sealed class ModelsPageImportsTests : ComponentTestContext
{
    public ModelsPageImportsTests()
    {
        Authorization.SetPolicies(Policies.AllowedRoles.Where(p => p.Value.Contains(Roles.Engineer)).Select(p => p.Key).ToArray());
        // A ResNet-18 state dict is 45 MB: over the context's small upload cap.
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new StudioOptions { MaxUploadBytes = 256L * 1024 * 1024, LiveUpdateIntervalMs = 10 }));
    }

    private string ImportResNet(string name)
    {
        using var model = new ResNet(ResNetConfig.TorchvisionResNet18, classCount: 1000);
        var path = Path.Combine(Path.GetTempPath(), $"tunestudio-page-resnet-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Write(path, model.state_dict());
            using var file = File.OpenRead(path);
            var result = Services.GetRequiredService<ModelImports>().Import(file, "resnet18.safetensors", name, "erin");
            Assert.Empty(result.Problems);
            return result.Model!.Id;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IElement Row(IRenderedComponent<ModelsPage> page, string id) =>
        page.FindAll("#models-table tbody tr").Single(row => row.QuerySelector(".run-id")?.TextContent == id);

    [Fact]
    public void An_import_is_renamed_in_place_and_built_in_models_offer_no_rename_or_delete()
    {
        var id = ImportResNet("pets backbone");
        var page = Render<ModelsPage>();

        Assert.Empty(Row(page, "resnet18").QuerySelectorAll(".model-rename, .model-delete"));
        Assert.Contains("imported by erin", Row(page, id).QuerySelector(".model-origin")!.TextContent);

        Row(page, id).QuerySelector(".model-rename")!.Click();
        page.Find("input#model-rename-field, #model-rename-field input").Input("pets ResNet");
        page.Find("#model-rename-save").Click();

        Assert.Equal("pets ResNet", Row(page, id).QuerySelector(".model-name")!.TextContent);
        Assert.Contains("Renamed to pets ResNet.", page.Find("#models-message").TextContent);
        Assert.Equal("pets ResNet", Services.GetRequiredService<TuneStudio.Engine.ModelCatalog>().Find(id)!.Name);
    }

    [Fact]
    public void Deleting_asks_first_and_a_model_a_run_uses_is_kept_naming_the_run()
    {
        var used = ImportResNet("used");
        var unused = ImportResNet("unused");
        var run = Services.GetRequiredService<RunStore>().Create(new RunRecord { Model = used, Status = RunStatus.Completed, Name = "pets" });
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ModelsPage>();

        void DeleteAndConfirm(string id)
        {
            Row(page, id).QuerySelector(".model-delete")!.Click();
            dialogs.WaitForAssertion(() => Assert.Contains("cannot be undone", dialogs.Markup));
            dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();
        }

        DeleteAndConfirm(used);
        page.WaitForAssertion(() => Assert.Contains($"is used by run {run.Id}", page.Find("#models-message").TextContent));
        Assert.NotNull(Services.GetRequiredService<TuneStudio.Engine.ModelCatalog>().Find(used));

        DeleteAndConfirm(unused);
        page.WaitForAssertion(() => Assert.Contains("Deleted unused.", page.Find("#models-message").TextContent));
        Assert.DoesNotContain(page.FindAll("#models-table .run-id"), cell => cell.TextContent == unused);
    }
}
