using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Runs;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Tests.Components;

public sealed class RunFormTests : ComponentTestContext
{
    [Fact]
    public async Task Without_a_dataset_the_form_names_the_field_and_queues_nothing()
    {
        RunRecord? created = null;
        var form = Render<RunForm>(p => p.Add(c => c.OnCreated, (RunRecord r) => created = r));

        await form.Find("#start-run").ClickAsync(new());

        Assert.Null(created);
        Assert.Contains("datasetId", form.Find("#run-form-errors").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    [Fact]
    public async Task A_zero_learning_rate_is_named_on_its_field_and_queues_nothing()
    {
        ImportNames();
        var form = Render<RunForm>();

        form.Find("#run-lr").Change("0");
        await form.Find("#start-run").ClickAsync(new());

        Assert.Contains("learningRate", form.Find("#run-form-errors").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    [Fact]
    public async Task A_valid_form_queues_a_run_with_the_chosen_method()
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p => p.Add(c => c.OnCreated, (RunRecord r) => created = r));

        await form.Find("#start-run").ClickAsync(new());

        Assert.NotNull(created);
        Assert.Equal("lora", created!.Method);
        Assert.Equal(RunStatus.Queued, Services.GetRequiredService<RunStore>().Get(created.Id)!.Status);
    }

    private void ImportNames()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("text,label\nAnn,female\nBob,male\nCy,male\nDi,female\n");
        Services.GetRequiredService<DatasetStore>().ImportTextClassification(() => new MemoryStream(data), "names.csv", "names", null);
    }
}
