using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine;
using TuneStudio.Engine.Training;
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

        await Submit(form);

        Assert.Null(created);
        Assert.Contains("datasetId", form.Find("#run-form-errors").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    [Fact]
    public async Task A_zero_learning_rate_is_named_on_its_field_and_queues_nothing()
    {
        ImportNames();
        var form = Render<RunForm>();

        await form.InvokeAsync(() => form.Find("#run-lr").Change("0"));
        await Submit(form);

        Assert.Contains("learningRate", form.Find("#run-form-errors").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    [Fact]
    public async Task A_valid_form_queues_a_run_with_the_chosen_method()
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p => p.Add(c => c.OnCreated, (RunRecord r) => created = r));

        await Submit(form);

        Assert.NotNull(created);
        Assert.Equal("lora", created!.Method);
        Assert.Equal(RunStatus.Queued, Services.GetRequiredService<RunStore>().Get(created.Id)!.Status);
    }

    [Fact]
    public void Before_the_run_starts_the_form_shows_fewer_trainable_parameters_for_lora_than_for_full()
    {
        ImportNames();

        var lora = TrainableAndTotal(Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Lora })));
        var full = TrainableAndTotal(Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Full })));

        Assert.Equal(full.Trainable, full.Total);
        Assert.True(lora.Trainable < full.Trainable, $"LoRA trains {lora.Trainable}, full {full.Trainable}");
        Assert.True(lora.Trainable > 0);
    }

    [Fact]
    public async Task A_bad_field_in_an_advanced_group_is_named_and_queues_nothing()
    {
        ImportNames();
        var form = Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { GradientAccumulationSteps = 0 }));

        await Submit(form);

        Assert.Contains("gradientAccumulationSteps", form.Find("#run-form-errors").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    [Fact]
    public async Task A_bfloat16_choice_is_queued_in_the_config_and_the_field_says_what_was_measured()
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p => p
            .Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Full, Precision = PrecisionKind.Bfloat16 })
            .Add(c => c.OnCreated, (RunRecord r) => created = r));

        Assert.Contains(form.FindAll(".mud-input-helper-text"), helper => helper.TextContent.Contains(PrecisionSupport.Hint(PrecisionKind.Bfloat16)));
        await Submit(form);

        Assert.NotNull(created);
        Assert.Contains("\"precision\":\"bfloat16\"", Services.GetRequiredService<RunStore>().Get(created!.Id)!.ConfigJson);
    }

    [Fact]
    public async Task A_fork_form_starts_from_the_parent_config_and_records_the_checkpoint()
    {
        ImportNames();
        var folder = Directory.CreateTempSubdirectory("tunestudio-fork-").FullName;
        var runs = Services.GetRequiredService<RunStore>();
        runs.AddCheckpoint(new CheckpointRecord("run-parent-step-10", "run-parent", "step-10", 10, 1, folder, 1, new Dictionary<string, double>(), DateTime.UtcNow));
        RunRecord? created = null;
        var form = Render<RunForm>(p => p
            .Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Full, LearningRate = 0.0042 })
            .Add(c => c.ForkFromCheckpointId, "run-parent-step-10")
            .Add(c => c.OnCreated, (RunRecord r) => created = r));

        Assert.Contains("run-parent-step-10", form.Find("#run-fork-from").TextContent);
        await Submit(form);

        Assert.NotNull(created);
        var stored = runs.Get(created!.Id)!;
        Assert.Equal("run-parent", stored.ParentRunId);
        Assert.Equal("run-parent-step-10", stored.ParentCheckpointId);
        Assert.Contains("\"learningRate\":0.0042", stored.ConfigJson);
        Directory.Delete(folder);
    }

    // The plan preview re-renders the form when it arrives; finding and clicking in one dispatch keeps the handler current.
    [Fact]
    public void The_batch_finder_measures_and_fills_in_the_largest_batch_that_fits()
    {
        ImportNames();
        var form = Render<RunForm>();

        form.InvokeAsync(() => form.Find("#find-batch").ClickAsync(new()));
        form.WaitForState(() => form.FindAll("#batch-probe").Count > 0, TimeSpan.FromSeconds(60));

        var report = form.Find("#batch-probe").TextContent;
        Assert.StartsWith("Batch ", report);
        var batch = int.Parse(report.Split(' ')[1].Replace(",", ""));
        Assert.True(batch > 32, report);
        Assert.Equal(batch.ToString(), form.Find("#run-batch").GetAttribute("value")?.Replace(",", ""));
    }

    private static Task Submit(IRenderedComponent<RunForm> form) => form.InvokeAsync(() => form.Find("#start-run").ClickAsync(new()));

    private static (long Trainable, long Total) TrainableAndTotal(IRenderedComponent<RunForm> form)
    {
        form.WaitForElement("#plan-parameters", TimeSpan.FromSeconds(30));
        static long Number(string text) => long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.CurrentCulture);
        return (Number(form.Find(".plan-trainable").TextContent), Number(form.Find(".plan-total").TextContent));
    }

    private void ImportNames()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("text,label\nAnn,female\nBob,male\nCy,male\nDi,female\n");
        Services.GetRequiredService<DatasetStore>().ImportTextClassification(() => new MemoryStream(data), "names.csv", "names", null);
    }
}
