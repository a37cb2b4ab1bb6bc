using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Controls;

namespace TuneStudio.Web.Tests.Components;

public sealed class UploadCancellationTests : ComponentTestContext
{
    public UploadCancellationTests()
    {
        // A file big enough that the import is still running when Cancel is clicked.
        Services.AddSingleton(Options.Create(new StudioOptions { MaxUploadBytes = 64 * 1024 * 1024, LiveUpdateIntervalMs = 10 }));
    }

    [Fact]
    public void Cancelling_an_import_stores_nothing_and_says_so()
    {
        var form = Render<UploadDatasetForm>();
        var content = new System.Text.StringBuilder("text,label\n");
        while (content.Length < 30_000_000) content.Append("an example sentence that takes some room,label\n");

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText(content.ToString(), "big.csv"));
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"), TimeSpan.FromSeconds(30));
        // Clicks go through the renderer so the found button cannot go stale between Find and Click under load.
        _ = form.InvokeAsync(() => form.Find("#import-button").ClickAsync(new()));
        form.WaitForState(() => form.FindAll("#cancel-import").Count > 0, TimeSpan.FromSeconds(30));
        _ = form.InvokeAsync(() => form.Find("#cancel-import").ClickAsync(new()));
        form.WaitForState(() => form.FindAll("#import-cancelled").Count > 0, TimeSpan.FromSeconds(30));

        Assert.Empty(Services.GetRequiredService<DatasetStore>().List());
        Assert.Empty(form.FindAll("#import-progress"));
    }
}
