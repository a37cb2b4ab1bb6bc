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

    private static readonly string[] FashionSlice =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    [Fact]
    public async Task Four_IDX_files_chosen_together_import_as_one_image_dataset_with_its_split()
    {
        DatasetSummary? imported = null;
        var form = Render<UploadDatasetForm>(p => p.Add(c => c.OnImported, (DatasetSummary d) => imported = d));
        await ChooseTask(form, DatasetTasks.ImageClassification);
        Assert.True(form.Find("#dataset-file input[type=file]").HasAttribute("multiple"));

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(FashionSlice
            .Select(name => InputFileContent.CreateFromBinary(File.ReadAllBytes(Support.RepoFiles.TestData(Path.Combine("fashion-mnist-slice", name))), name))
            .ToArray());
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));
        form.Find("#dataset-name").Change("fashion slice");
        await form.Find("#import-button").ClickAsync(new());
        form.WaitForState(() => imported is not null || form.FindAll("#upload-errors").Count > 0, TimeSpan.FromSeconds(30));

        Assert.NotNull(imported);
        Assert.Equal("fashion slice", imported.Name);
        Assert.Equal(DatasetTasks.ImageClassification, imported.Task);
        var version = Services.GetRequiredService<DatasetStore>().GetVersion(imported.Id, 1)!;
        Assert.Equal(string.Join(", ", FashionSlice), version.SourceFileName);
        Assert.NotNull(version.Split);
        Assert.True(version.Split!.Train > 0 && version.Split.Test > 0, "train and t10k files should give train and test parts");
    }

    [Fact]
    public async Task An_IDX_set_missing_its_labels_is_refused_naming_the_file_and_stores_nothing()
    {
        var form = Render<UploadDatasetForm>();
        await ChooseTask(form, DatasetTasks.ImageClassification);

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(FashionSlice.Take(3)
            .Select(name => InputFileContent.CreateFromBinary(File.ReadAllBytes(Support.RepoFiles.TestData(Path.Combine("fashion-mnist-slice", name))), name))
            .ToArray());
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));
        await form.Find("#import-button").ClickAsync(new());
        form.WaitForState(() => form.FindAll("#upload-errors").Count > 0, TimeSpan.FromSeconds(30));

        Assert.Contains("t10k-images-idx3-ubyte.gz", form.Find(".upload-error-table").TextContent);
        Assert.Empty(Services.GetRequiredService<DatasetStore>().List());
    }

    [Fact]
    public void Several_files_for_a_text_task_are_refused_before_anything_is_read()
    {
        var form = Render<UploadDatasetForm>();
        Assert.False(form.Find("#dataset-file input[type=file]").HasAttribute("multiple"));

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromText("text,label\nAnn,female\n", "a.csv"), InputFileContent.CreateFromText("text,label\nBob,male\n", "b.csv"));

        form.WaitForState(() => form.FindAll("#upload-errors").Count > 0);
        Assert.Contains("takes one file", form.Find(".upload-error-table").TextContent);
        Assert.True(form.Find("#import-button").HasAttribute("disabled"));
    }

    [Fact]
    public void The_picker_is_a_drop_area_with_a_button_and_shows_the_chosen_file()
    {
        var form = Render<UploadDatasetForm>();

        var picker = form.FindComponent<MudBlazor.MudFileUpload<Microsoft.AspNetCore.Components.Forms.IBrowserFile>>();
        Assert.True(picker.Instance.DragAndDrop);
        Assert.Contains("Drop a file here", form.Find("#upload-drop-area").TextContent);
        Assert.Contains("Choose a file", form.Find("#choose-file").TextContent);
        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("text,label\nAnn,female\n", "names.csv"));

        form.WaitForAssertion(() => Assert.Contains("names.csv", form.Find("#chosen-file").TextContent));
    }

    [Fact]
    public async Task Several_image_files_are_named_for_the_day_unless_the_user_names_them()
    {
        var form = Render<UploadDatasetForm>();
        await ChooseTask(form, DatasetTasks.ImageClassification);
        var today = DateTime.UtcNow;

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(FashionSlice
            .Select(name => InputFileContent.CreateFromBinary(File.ReadAllBytes(Support.RepoFiles.TestData(Path.Combine("fashion-mnist-slice", name))), name))
            .ToArray());
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));

        var name = form.Find("#dataset-name").GetAttribute("value");
        Assert.True(name == $"images-{today:yyyy-MM-dd}" || name == $"images-{DateTime.UtcNow:yyyy-MM-dd}", name);
    }

    [Fact]
    public async Task With_keep_valid_rows_a_file_with_bad_rows_imports_the_rest()
    {
        DatasetSummary? imported = null;
        var form = Render<UploadDatasetForm>(p => p.Add(c => c.OnImported, (DatasetSummary d) => imported = d));
        var keep = form.FindComponent<MudBlazor.MudCheckBox<bool>>();
        await form.InvokeAsync(() => keep.Instance.ValueChanged.InvokeAsync(true));

        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("text,label\nAnn,female\n,male\nBob,male\n", "people.csv"));
        form.WaitForState(() => !form.Find("#import-button").HasAttribute("disabled"));
        await form.Find("#import-button").ClickAsync(new());
        form.WaitForState(() => imported is not null || form.FindAll("#upload-errors").Count > 0);

        Assert.NotNull(imported);
        Assert.Equal(2, imported.Rows);
        Assert.Equal([2L], Services.GetRequiredService<DatasetStore>().GetRejectedRows(imported.Id)!.Problems.Select(p => p.Row));
    }

    private static async Task ChooseTask(IRenderedComponent<UploadDatasetForm> form, string task)
    {
        var select = form.FindComponent<MudBlazor.MudSelect<string>>();
        await form.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(task));
    }
}
