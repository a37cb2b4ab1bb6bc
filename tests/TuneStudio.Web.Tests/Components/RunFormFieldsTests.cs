using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine;
using TuneStudio.Engine.Configuration;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Runs;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Components;

// The run dialog as the description builds it: fields with their help, the dataset's versions, the task's metrics,
// copy and paste of a whole config, and a batch finder that asks.
public sealed class RunFormFieldsTests : ComponentTestContext
{
    [Theory]
    [InlineData("#run-lora-rank", "lora.rank")]
    [InlineData("#run-lora-alpha", "lora.alpha")]
    [InlineData("#run-lora-dropout", "lora.dropout")]
    [InlineData("#run-beta1", "beta1")]
    [InlineData("#run-epsilon", "epsilon")]
    [InlineData("#run-warmup-steps", "warmupSteps")]
    [InlineData("#run-warmup-ratio", "warmupRatio")]
    [InlineData("#run-early-stopping-patience", "earlyStopping.patience")]
    [InlineData("#run-early-stopping-min-delta", "earlyStopping.minDelta")]
    [InlineData("#run-max-sequence-length", "maxSequenceLength")]
    [InlineData("#run-max-consecutive-skipped-steps", "maxConsecutiveSkippedSteps")]
    public void A_described_field_appears_with_its_label_and_help(string selector, string path)
    {
        ImportNames();
        var form = Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Lora }));

        var control = form.Find(selector).Closest(".mud-input-control")!;

        var field = TrainingConfigFields.Get(path);
        Assert.Contains(field.Label, control.TextContent);
        Assert.Contains(field.Help, control.TextContent);
    }

    [Fact]
    public void Fields_of_other_methods_and_optimizers_stay_out_of_the_dialog()
    {
        ImportNames();
        var form = Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Full, Optimizer = OptimizerKind.AdamW }));

        Assert.Empty(form.FindAll("#run-lora-rank"));
        Assert.Empty(form.FindAll("#run-momentum"));
        Assert.NotEmpty(form.FindAll("#run-beta2"));
    }

    [Fact]
    public void The_version_field_names_each_version_with_its_rows_and_split_and_a_split_version_disables_the_validation_fraction()
    {
        var id = ImportFirstNames();
        var store = Services.GetRequiredService<DatasetStore>();
        store.ApplyOperation(id, 1, new SplitRows(SplitMethod.Stratified, 0.25, 0.25, 3));
        var split = store.GetVersion(id, 2)!.Split!;

        var plain = Render<RunForm>(p => p.Add(c => c.DatasetId, id).Add(c => c.DatasetVersion, 1));
        Assert.Contains("v1 · import · 800 rows · no split", plain.Find("#run-version").GetAttribute("value"));
        Assert.False(plain.Find("#run-validation-fraction").HasAttribute("disabled"));

        var withSplit = Render<RunForm>(p => p.Add(c => c.DatasetId, id));
        Assert.Contains($"v2 · split · 800 rows · split {split.Train} / {split.Validation} / {split.Test}", withSplit.Find("#run-version").GetAttribute("value"));
        var fraction = withSplit.Find("#run-validation-fraction");
        Assert.True(fraction.HasAttribute("disabled"));
        Assert.Contains($"its {split.Validation} validation rows validate", fraction.Closest(".mud-input-control")!.TextContent);
    }

    // Train and test only (Fashion-MNIST's two files): the run still holds the fraction out of the train rows.
    [Fact]
    public void A_split_without_validation_rows_keeps_the_validation_fraction()
    {
        var id = ImportFirstNames();
        var store = Services.GetRequiredService<DatasetStore>();
        store.ApplyOperation(id, 1, new SplitRows(SplitMethod.Random, 0, 0.25, 3));
        Assert.Equal(0, store.GetVersion(id, 2)!.Split!.Validation);

        var form = Render<RunForm>(p => p.Add(c => c.DatasetId, id).Add(c => c.DatasetVersion, 2));

        Assert.False(form.Find("#run-validation-fraction").HasAttribute("disabled"));
    }

    [Fact]
    public void The_metric_fields_offer_the_runs_task_metrics()
    {
        var ner = Services.GetRequiredService<DatasetStore>().Import(() => File.OpenRead(RepoFiles.TestData("conll-sample.conll")),
            "conll-sample.conll", "ner", DatasetTasks.TokenClassification, null).Dataset!.Id;

        var form = Render<RunForm>(p => p.Add(c => c.DatasetId, ner).Add(c => c.Initial, new TrainingConfig { Model = "minilm-l6" }));

        Assert.Contains("val/entity_f1", form.Instance.MetricOptions);
        Assert.Equal(
            Services.GetRequiredService<ModelCatalog>().Tasks.Get(TaskNames.TokenClassification).Description.Metrics.Select(m => m.Key),
            form.Instance.MetricOptions);
        Assert.NotNull(form.Find("#run-early-stopping-metric").Closest(".mud-select"));
        Assert.NotNull(form.Find("#run-checkpoints-best-metric").Closest(".mud-select"));
    }

    [Fact]
    public async Task A_copied_config_pasted_into_a_new_dialog_queues_the_same_config()
    {
        ImportNames();
        var original = new TrainingConfig
        {
            Method = FineTuneMethod.Full, Epochs = 7, LearningRate = 0.0042, Optimizer = OptimizerKind.Sgd, Momentum = 0.8,
            EarlyStopping = new EarlyStoppingOptions { Enabled = true, Metric = "val/accuracy", Mode = MetricMode.Max },
            // Below the studio's checkpoint quota, so the run keeps it as given.
            Checkpoints = new CheckpointOptions { KeepLast = 3 },
        };
        var source = Render<RunForm>(p => p.Add(c => c.Initial, original));
        await source.InvokeAsync(() => source.Find("#run-copy-config").ClickAsync(new()));
        var json = source.Find("#run-config-json").GetAttribute("value") ?? source.Find("#run-config-json").TextContent;

        RunRecord? created = null;
        var target = Render<RunForm>(p => p.Add(c => c.OnCreated, (RunRecord r) => created = r));
        await target.InvokeAsync(() => target.Find("#run-paste-config").ClickAsync(new()));
        await target.InvokeAsync(() => target.Find("#run-paste-json").Change(json));
        await target.InvokeAsync(() => target.Find("#run-paste-apply").ClickAsync(new()));
        await target.InvokeAsync(() => target.Find("#start-run").ClickAsync(new()));

        Assert.NotNull(created);
        Assert.Equal(RunConfigJson.Serialize(original), Services.GetRequiredService<RunStore>().Get(created!.Id)!.ConfigJson);
    }

    [Theory]
    [InlineData("{\"epochs\": 5, \"learningRat\": 0.1}", "learningRat")]
    [InlineData("{\"epochs\": 5000}", "epochs")]
    [InlineData("{\"lora\": {\"rank\": 1000000}}", "lora.rank")]
    [InlineData("[1, 2]", "config")]
    [InlineData("not json", "config")]
    public async Task A_bad_pasted_config_names_the_field_and_changes_nothing(string pasted, string field)
    {
        ImportNames();
        var form = Render<RunForm>();

        await form.InvokeAsync(() => form.Find("#run-paste-config").ClickAsync(new()));
        await form.InvokeAsync(() => form.Find("#run-paste-json").Change(pasted));
        await form.InvokeAsync(() => form.Find("#run-paste-apply").ClickAsync(new()));

        Assert.StartsWith(field + ":", form.Find("#run-form-errors div").TextContent);
        Assert.Equal(new TrainingConfig().Epochs.ToString(), form.Find("#run-epochs").GetAttribute("value"));
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    // Four rows with the default validation fraction of 0.2 leave (int)(4 × 0.8) = 3 training rows.
    [Fact]
    public void The_batch_finder_never_suggests_more_than_the_training_rows_and_keeps_the_batch_unless_told()
    {
        ImportNames();
        var form = Render<RunForm>();

        form.InvokeAsync(() => form.Find("#find-batch").ClickAsync(new()));
        form.WaitForState(() => form.FindAll("#batch-probe").Count > 0, TimeSpan.FromSeconds(60));

        var report = form.Find("#batch-probe").TextContent;
        var batch = int.Parse(report.Split(' ')[1].Replace(",", ""));
        Assert.InRange(batch, 1, 3);
        Assert.Contains("MiB per example", report);
        Assert.DoesNotContain("KiB", report);
        Assert.Contains("Replace batch size 32", form.Find("#batch-ask").TextContent);
        Assert.Equal("32", form.Find("#run-batch").GetAttribute("value"));

        form.InvokeAsync(() => form.Find("#batch-keep").ClickAsync(new()));

        form.WaitForAssertion(() => Assert.Empty(form.FindAll("#batch-ask")));
        Assert.Equal("32", form.Find("#run-batch").GetAttribute("value"));
    }

    [Fact]
    public void While_the_plan_is_worked_out_again_its_old_numbers_are_not_shown()
    {
        ImportNames();
        var form = Render<RunForm>();
        form.WaitForElement("#plan-parameters", TimeSpan.FromSeconds(30));
        Assert.Contains("3 optimizer steps", form.Find("#plan-parameters").TextContent); // 3 rows in one batch per epoch, 3 epochs

        form.InvokeAsync(() => form.Find("#run-epochs").Change("5"));

        form.WaitForElement("#plan-loading", TimeSpan.FromSeconds(30));
        Assert.Empty(form.FindAll("#plan-parameters"));
        form.WaitForAssertion(() => Assert.Contains("5 optimizer steps", form.Find("#plan-parameters").TextContent), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Two_openings_of_the_dialog_start_from_the_same_config()
    {
        ImportNames();
        async Task<string> Copied()
        {
            var form = Render<RunForm>();
            await form.InvokeAsync(() => form.Find("#run-copy-config").ClickAsync(new()));
            return form.Find("#run-config-json").GetAttribute("value") ?? form.Find("#run-config-json").TextContent;
        }

        var first = await Copied();
        var second = await Copied();

        Assert.Equal(first, second);
        Assert.Equal(RunConfigJson.Serialize(new TrainingConfig { Method = FineTuneMethod.Lora }), first);
    }

    [Fact]
    public async Task A_small_rate_is_shown_in_plain_notation_and_may_be_typed_as_an_exponent()
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p => p
            .Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Full, LearningRate = 4e-5 })
            .Add(c => c.OnCreated, (RunRecord r) => created = r));

        Assert.Equal("0.00004", form.Find("#run-lr").GetAttribute("value"));
        await form.InvokeAsync(() => form.Find("#run-lr").Change("3e-5"));
        await form.InvokeAsync(() => form.Find("#start-run").ClickAsync(new()));

        Assert.NotNull(created);
        Assert.Contains("\"learningRate\":3E-05", Services.GetRequiredService<RunStore>().Get(created!.Id)!.ConfigJson);
    }

    private string ImportFirstNames() =>
        Services.GetRequiredService<DatasetStore>()
            .ImportTextClassification(() => File.OpenRead(RepoFiles.TestData("first-names.csv")), "first-names.csv", "first names", null).Dataset!.Id;

    private void ImportNames()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("text,label\nAnn,female\nBob,male\nCy,male\nDi,female\n");
        Services.GetRequiredService<DatasetStore>().ImportTextClassification(() => new MemoryStream(data), "names.csv", "names", null);
    }
}
