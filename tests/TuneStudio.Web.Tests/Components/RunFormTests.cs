using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine;
using TuneStudio.Engine.Training;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Runs;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Tests.Support;

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

    // The tiny model (2 blocks, hidden 64) with two labels: its head is 64 × 2 + 2.
    [Theory]
    [InlineData(FineTuneMethod.Dora, "#run-lora-plus-ratio", 2 * 2 * (8 * 64 + 64 * 8 + 64) + 130)] // rank 8 on query and value, plus a magnitude per output
    [InlineData(FineTuneMethod.Ia3, "#run-ia3-targets", 2 * (64 + 64) + 130)]                      // key and value outputs ("output.dense" is not in this model)
    public void An_adapter_shows_its_own_fields_and_the_plan_counts_its_trainable_parameters(FineTuneMethod method, string field, long trainable)
    {
        ImportNames();

        var form = Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { Method = method }));

        Assert.Equal(trainable, TrainableAndTotal(form).Trainable);
        Assert.NotNull(form.Find(field));
    }

    [Fact]
    public async Task An_IA3_run_is_queued_with_the_layers_typed_in_the_dialog()
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p =>
        {
            p.Add(c => c.Initial, new TrainingConfig { Method = FineTuneMethod.Ia3 });
            p.Add(c => c.OnCreated, (RunRecord r) => created = r);
        });

        await form.InvokeAsync(() => form.Find("#run-ia3-targets").Change("value"));
        await Submit(form);

        Assert.NotNull(created);
        Assert.Equal("ia3", created!.Method);
        var config = RunConfigJson.Deserialize(Services.GetRequiredService<RunStore>().Get(created.Id)!.ConfigJson);
        Assert.Equal(["value"], config.Ia3.TargetModules);
        Assert.Equal(["output.dense"], config.Ia3.FeedforwardModules);
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
    public async Task Gradient_checkpointing_switched_on_for_a_model_without_it_is_refused_beside_the_switch()
    {
        ImportNames();
        var form = Render<RunForm>(p => p.Add(c => c.Initial, new TrainingConfig { Model = "tiny-transformer" }));

        await form.InvokeAsync(() => form.Find("#run-gradient-checkpointing").Change(true));
        await Submit(form);

        Assert.Contains("gradientCheckpointing", form.Find("#run-form-errors").TextContent);
        Assert.Contains("'tiny-transformer' has no gradient checkpointing", form.Find("#run-gradient-checkpointing-help").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    // The dialog edits the fork's config itself (no mirrored copy of its fields), so nothing it does not show is lost.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_forked_config_keeps_gradient_checkpointing(bool on)
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p => p
            .Add(c => c.Initial, new TrainingConfig { Model = "minilm-l6", LearningRate = 1e-4, GradientCheckpointing = on })
            .Add(c => c.OnCreated, (RunRecord r) => created = r));

        await Submit(form);

        Assert.NotNull(created);
        Assert.Equal(on, RunConfigJson.Deserialize(Services.GetRequiredService<RunStore>().Get(created!.Id)!.ConfigJson).GradientCheckpointing);
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
    // 800 names with the default validation fraction of 0.2 leave 640 training rows, more than the memory limit here.
    [Fact]
    public void The_batch_finder_measures_the_largest_batch_that_fits_and_fills_it_in_when_asked()
    {
        ImportFirstNames();
        var form = Render<RunForm>();

        form.InvokeAsync(() => form.Find("#find-batch").ClickAsync(new()));
        form.WaitForState(() => form.FindAll("#batch-probe").Count > 0, TimeSpan.FromSeconds(60));

        var report = form.Find("#batch-probe").TextContent;
        Assert.StartsWith("Batch ", report);
        var batch = int.Parse(report.Split(' ')[1].Replace(",", ""));
        Assert.True(batch > 32 && batch <= 640, report);
        Assert.Equal("32", form.Find("#run-batch").GetAttribute("value")?.Replace(",", ""));

        form.InvokeAsync(() => form.Find("#batch-use").ClickAsync(new()));

        form.WaitForAssertion(() => Assert.Equal(batch.ToString(), form.Find("#run-batch").GetAttribute("value")?.Replace(",", "")));
        Assert.Empty(form.FindAll("#batch-ask"));
    }

    [Fact]
    public async Task Augmentation_typed_in_its_section_is_recorded_in_the_queued_runs_config()
    {
        ImportNames();
        RunRecord? created = null;
        var form = Render<RunForm>(p => p.Add(c => c.OnCreated, (RunRecord r) => created = r));

        await form.InvokeAsync(() => form.Find("#run-panel-augmentation .mud-expand-panel-header").Click());
        await form.InvokeAsync(() => form.Find("#run-aug-text-deletion").Change("0.1"));
        await form.InvokeAsync(() => form.Find("#run-aug-text-typo").Change("0.05"));
        await Submit(form);

        Assert.NotNull(created);
        var text = RunConfigJson.Deserialize(Services.GetRequiredService<RunStore>().Get(created!.Id)!.ConfigJson).Augmentation.Text;
        Assert.Equal(0.1, text.DeletionProbability);
        Assert.Equal(0, text.SwapProbability);
        Assert.Equal(0.05, text.TypoProbability);
    }

    [Fact]
    public async Task A_bad_augmentation_probability_is_named_beside_its_field_and_queues_nothing()
    {
        ImportNames();
        var initial = new TrainingConfig
        {
            Augmentation = new() { Text = new() { SwapProbability = 1 }, Image = new() { MaxRotationDegrees = 10 } },
        };
        var form = Render<RunForm>(p => p.Add(c => c.Initial, initial));

        await Submit(form);
        await form.InvokeAsync(() => form.Find("#run-panel-augmentation .mud-expand-panel-header").Click());

        Assert.Contains("augmentation.text.swapProbability", form.Find("#run-form-errors").TextContent);
        var swapField = form.Find("#run-aug-text-swap").Closest(".mud-input-control")!;
        Assert.Contains("Word swap probability must be at least 0 and below 1.", swapField.TextContent);
        Assert.DoesNotContain("must be", form.Find("#run-aug-text-deletion").Closest(".mud-input-control")!.TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }

    [Fact]
    public async Task A_forked_config_keeps_its_image_augmentation_though_the_form_shows_text_fields()
    {
        ImportNames();
        RunRecord? created = null;
        var image = new TuneStudio.Engine.Augmentation.ImageAugmentationOptions { HorizontalFlip = true, MaxRotationDegrees = 10 };
        var form = Render<RunForm>(p => p
            .Add(c => c.Initial, new TrainingConfig { Augmentation = new() { Image = image } })
            .Add(c => c.OnCreated, (RunRecord r) => created = r));

        await Submit(form);

        Assert.NotNull(created);
        Assert.Equal(image, RunConfigJson.Deserialize(Services.GetRequiredService<RunStore>().Get(created!.Id)!.ConfigJson).Augmentation.Image);
    }

    private static Task Submit(IRenderedComponent<RunForm> form) => form.InvokeAsync(() => form.Find("#start-run").ClickAsync(new()));

    private static (long Trainable, long Total) TrainableAndTotal(IRenderedComponent<RunForm> form)
    {
        form.WaitForElement("#plan-parameters", TimeSpan.FromSeconds(30));
        static long Number(string text) => long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.CurrentCulture);
        return (Number(form.Find(".plan-trainable").TextContent), Number(form.Find(".plan-total").TextContent));
    }

    [Fact]
    public void For_an_image_dataset_the_form_offers_resnet_with_image_augmentation_and_for_text_it_does_not()
    {
        var fashion = ImportFashionSlice();
        var image = Render<RunForm>(p => p.Add(c => c.DatasetId, fashion));

        // Other tests in this process may have imported ResNets into the (process-wide) catalogue: they belong here too.
        Assert.Contains("resnet18", image.Instance.ModelsForDataset.Select(model => model.Id));
        Assert.All(image.Instance.ModelsForDataset, model => Assert.Equal("image-classification", model.Task));
        Assert.Contains("ResNet-18", image.Find("#run-model").ParentElement!.ParentElement!.InnerHtml);
        Assert.NotEmpty(image.FindAll("#run-panel-image-augmentation"));

        ImportNames();
        var names = Services.GetRequiredService<DatasetStore>().List().Single(d => d.Name == "names").Id;
        var text = Render<RunForm>(p => p.Add(c => c.DatasetId, names));

        Assert.DoesNotContain("resnet18", text.Instance.ModelsForDataset.Select(model => model.Id));
        Assert.Contains("tiny-transformer", text.Instance.ModelsForDataset.Select(model => model.Id));
        Assert.Empty(text.FindAll("#run-panel-image-augmentation"));
    }

    // The plan and the batch finder build the run's own task: ResNet-18 at the chosen image size, not a text model.
    [Fact]
    public void For_an_image_dataset_the_plan_counts_the_resnet_head_and_the_finder_measures_resnet()
    {
        var fashion = ImportFashionSlice();
        var form = Render<RunForm>(p => p
            .Add(c => c.DatasetId, fashion)
            .Add(c => c.Initial, new TrainingConfig { Model = "resnet18", Method = FineTuneMethod.HeadOnly, ImageSize = 32 }));

        var (trainable, _) = TrainableAndTotal(form);
        Assert.Equal(512 * 10 + 10, trainable); // fc over 512 features for Fashion-MNIST's 10 classes

        Assert.StartsWith("Batch ", FindBatch(form));
    }

    [Fact]
    public void For_a_token_classification_dataset_the_finder_measures_the_token_head()
    {
        var ner = Services.GetRequiredService<DatasetStore>().Import(() => File.OpenRead(RepoFiles.TestData("conll-sample.conll")),
            "conll-sample.conll", "ner", DatasetTasks.TokenClassification, null).Dataset!.Id;
        var form = Render<RunForm>(p => p
            .Add(c => c.DatasetId, ner)
            .Add(c => c.Initial, new TrainingConfig { Model = "minilm-l6", Method = FineTuneMethod.Lora, MaxSequenceLength = 16 }));

        Assert.StartsWith("Batch ", FindBatch(form));
    }

    private static string FindBatch(IRenderedComponent<RunForm> form)
    {
        form.InvokeAsync(() => form.Find("#find-batch").ClickAsync(new()));
        form.WaitForState(() => form.FindAll("#batch-probe").Count > 0, TimeSpan.FromSeconds(60));
        return form.Find("#batch-probe").TextContent;
    }

    private string ImportFashionSlice()
    {
        string[] files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        var uploads = files.Select(file => new ImageUpload(file, () => File.OpenRead(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", file))))).ToList();
        var result = Services.GetRequiredService<DatasetStore>().ImportImages(uploads, "fashion", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Dataset!.Id;
    }

    private void ImportFirstNames() =>
        Services.GetRequiredService<DatasetStore>().ImportTextClassification(() => File.OpenRead(RepoFiles.TestData("first-names.csv")), "first-names.csv", "first names", null);

    private void ImportNames()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("text,label\nAnn,female\nBob,male\nCy,male\nDi,female\n");
        Services.GetRequiredService<DatasetStore>().ImportTextClassification(() => new MemoryStream(data), "names.csv", "names", null);
    }
}
