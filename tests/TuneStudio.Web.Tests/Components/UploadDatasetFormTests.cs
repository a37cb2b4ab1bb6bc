using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Controls;

namespace TuneStudio.Web.Tests.Components;

public sealed class UploadDatasetFormTests : ComponentTestContext
{
    [Fact]
    public async Task A_clean_file_is_imported_and_reported()
    {
        DatasetSummary? imported = null;
        var form = Render<UploadDatasetForm>(p => p.Add(c => c.OnImported, (DatasetSummary d) => imported = d));

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("text,label\nAnn,female\nBob,male\n", "names.csv"));
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));
        await form.Find("#import-button").ClickAsync(new());
        form.WaitForState(() => imported is not null);

        Assert.Equal(2, imported!.Rows);
        Assert.Equal("names", imported.Name);
        Assert.Single(Services.GetRequiredService<DatasetStore>().List());
    }

    [Fact]
    public async Task A_bad_file_lists_errors_by_row_and_field_encoded_and_stores_nothing()
    {
        var form = Render<UploadDatasetForm>();

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("text,label\n<b>Ann</b>,female\n,male\n", "bad.csv"));
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));
        await form.Find("#import-button").ClickAsync(new());
        form.WaitForState(() => form.FindAll("#upload-errors").Count > 0);

        var cells = form.FindAll(".upload-error-table tbody tr td").Select(td => td.TextContent).ToList();
        Assert.Equal("2", cells[0]);
        Assert.Equal("text", cells[1]);
        Assert.Empty(Services.GetRequiredService<DatasetStore>().List());
    }

    [Fact]
    public async Task A_class_folder_zip_imports_as_an_image_dataset()
    {
        DatasetSummary? imported = null;
        var form = Render<UploadDatasetForm>(p => p.Add(c => c.OnImported, (DatasetSummary d) => imported = d));
        var task = form.FindComponent<MudBlazor.MudSelect<string>>();
        await form.InvokeAsync(() => task.Instance.ValueChanged.InvokeAsync(DatasetTasks.ImageClassification));

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromBinary(ClassFolderZip(), "pets.zip"));
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));
        await form.Find("#import-button").ClickAsync(new());
        form.WaitForState(() => imported is not null || form.FindAll("#upload-errors").Count > 0);

        Assert.NotNull(imported);
        Assert.Equal(DatasetTasks.ImageClassification, imported.Task);
        Assert.Equal(["cat", "dog"], imported.Labels);
        Assert.Empty(form.FindAll("#mapping-panel"));
    }

    private static byte[] ClassFolderZip()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, seed) in new[] { ("cat/a.png", 1), ("dog/b.png", 2) })
            {
                using var png = new MemoryStream();
                new StbImageWriteSharp.ImageWriter().WritePng(Enumerable.Repeat((byte)seed, 12).ToArray(), 2, 2, StbImageWriteSharp.ColorComponents.RedGreenBlue, png);
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(png.ToArray());
            }
        }
        return zip.ToArray();
    }

    [Fact]
    public void Differently_named_columns_ask_for_a_mapping()
    {
        var form = Render<UploadDatasetForm>();

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("name,gender\nAnn,female\n", "people.csv"));

        form.WaitForState(() => form.FindAll("#mapping-panel").Count > 0);
        Assert.Contains("name, gender", form.Find("#mapping-panel").TextContent);
    }
}
