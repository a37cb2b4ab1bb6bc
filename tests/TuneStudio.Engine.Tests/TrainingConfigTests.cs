using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine.Tests;

public class TrainingConfigTests
{
    private static IEnumerable<string> FieldsWithErrors(TrainingConfig config) => config.Validate().Select(error => error.Field);

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new TrainingConfig().Validate());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    public void A_learning_rate_that_is_not_positive_is_an_error_on_learningRate(double learningRate)
    {
        Assert.Equal(["learningRate"], FieldsWithErrors(new TrainingConfig { LearningRate = learningRate }));
    }

    [Fact]
    public void A_batch_size_of_zero_is_an_error_on_batchSize()
    {
        Assert.Equal(["batchSize"], FieldsWithErrors(new TrainingConfig { BatchSize = 0 }));
    }

    [Fact]
    public void Zero_epochs_is_an_error_on_epochs()
    {
        Assert.Equal(["epochs"], FieldsWithErrors(new TrainingConfig { Epochs = 0 }));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void A_validation_fraction_outside_zero_to_one_is_an_error_on_validationFraction(double fraction)
    {
        Assert.Equal(["validationFraction"], FieldsWithErrors(new TrainingConfig { ValidationFraction = fraction }));
    }

    [Fact]
    public void An_unknown_model_is_an_error_on_model()
    {
        var errors = new TrainingConfig { Model = "gpt-17" }.Validate();

        Assert.Equal(["model"], errors.Select(error => error.Field));
        Assert.Contains("gpt-17", errors[0].Message);
    }

    [Fact]
    public void A_LoRA_rank_of_zero_is_an_error_on_lora_rank()
    {
        var config = new TrainingConfig { Method = FineTuneMethod.Lora, Lora = new LoraOptions { Rank = 0 } };

        Assert.Equal(["lora.rank"], FieldsWithErrors(config));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var config = new TrainingConfig { LearningRate = 0, BatchSize = 0, Epochs = 0, MaxSequenceLength = 10_000, WarmupSteps = -1 };

        Assert.Equal(["learningRate", "batchSize", "epochs", "maxSequenceLength", "warmupSteps"], FieldsWithErrors(config));
    }

    [Fact]
    public void An_image_model_refuses_lora_by_name_and_checks_image_size_instead_of_sequence_length()
    {
        var image = new TrainingConfig { Model = "resnet18", Task = TaskNames.ImageClassification };
        var error = Assert.Single((image with { Method = FineTuneMethod.Lora }).Validate());
        Assert.Equal("method", error.Field);
        Assert.Contains("'resnet18' does not support lora", error.Message);
        Assert.Contains("gradualUnfreeze", error.Message);

        Assert.Empty((image with { Method = FineTuneMethod.GradualUnfreeze, MaxSequenceLength = 10_000 }).Validate());
        Assert.Equal(["imageSize"], FieldsWithErrors(image with { ImageSize = 16 }));
        Assert.Empty((image with { ImageSize = 64 }).Validate());
        Assert.Equal(["precision"], FieldsWithErrors(image with { Precision = PrecisionKind.Bfloat16 }));
    }

    [Fact]
    public void Gradient_checkpointing_is_offered_for_bert_family_models_and_refused_by_name_for_others()
    {
        Assert.Empty(new TrainingConfig { Model = "minilm-l6", GradientCheckpointing = true }.Validate());
        Assert.Empty(new TrainingConfig { Model = "minilm-l6", Task = TaskNames.TokenClassification, GradientCheckpointing = true }.Validate());

        var tiny = Assert.Single(new TrainingConfig { Model = "tiny-transformer", GradientCheckpointing = true }.Validate());
        Assert.Equal("gradientCheckpointing", tiny.Field);
        Assert.Contains("'tiny-transformer' has no gradient checkpointing", tiny.Message);
        Assert.Contains("minilm-l6", tiny.Message);
        Assert.Equal(["gradientCheckpointing"],
            FieldsWithErrors(new TrainingConfig { Model = "resnet18", Task = TaskNames.ImageClassification, GradientCheckpointing = true }));
    }

    [Theory]
    [InlineData("resnet18", TaskNames.TextClassification)]
    [InlineData("resnet18", TaskNames.TokenClassification)]
    [InlineData("minilm-l6", TaskNames.ImageClassification)]
    [InlineData("tiny-transformer", TaskNames.TokenClassification)]
    public void A_model_is_refused_for_a_task_it_cannot_train(string model, string task)
    {
        Assert.Equal(["model"], FieldsWithErrors(new TrainingConfig { Model = model, Task = task }));
    }

    [Fact]
    public void The_catalogue_lists_the_tiny_transformer_with_every_method()
    {
        var model = Assert.Single(ModelCatalog.BuiltIn.All, info => info.Id == "tiny-transformer");

        Assert.Same(model, ModelCatalog.BuiltIn.Find("tiny-transformer"));
        Assert.Null(ModelCatalog.BuiltIn.Find("nope"));
        // Every method, the adapters and the ones Freeze implies included: what the run dialog offers.
        Assert.Equal(Enum.GetValues<FineTuneMethod>(), model.Methods);
    }

    public static TheoryData<string, TrainingConfig> BadControls => new()
    {
        { "frozenParameterPatterns", new TrainingConfig { Method = FineTuneMethod.Freeze, FrozenParameterPatterns = ["re:("] } },
        { "unfreezeEvery", new TrainingConfig { Method = FineTuneMethod.GradualUnfreeze, UnfreezeEvery = 0 } },
        { "beta2", new TrainingConfig { Beta2 = 1 } },
        { "epsilon", new TrainingConfig { Epsilon = 0 } },
        { "momentum", new TrainingConfig { Optimizer = OptimizerKind.Sgd, Momentum = 1.2 } },
        { "nesterov", new TrainingConfig { Optimizer = OptimizerKind.Sgd, Momentum = 0, Nesterov = true } },
        { "layerwiseLrDecay", new TrainingConfig { LayerwiseLrDecay = 0 } },
        { "headLearningRate", new TrainingConfig { HeadLearningRate = -1 } },
        { "warmupRatio", new TrainingConfig { WarmupRatio = 1 } },
        { "gradientAccumulationSteps", new TrainingConfig { GradientAccumulationSteps = 0 } },
        { "labelSmoothing", new TrainingConfig { LabelSmoothing = 1 } },
        { "dropoutOverride", new TrainingConfig { DropoutOverride = -0.1 } },
        { "maxConsecutiveSkippedSteps", new TrainingConfig { MaxConsecutiveSkippedSteps = 0 } },
        { "precision", new TrainingConfig { Precision = (PrecisionKind)7 } },
        { "earlyStopping.patience", new TrainingConfig { EarlyStopping = new EarlyStoppingOptions { Enabled = true, Patience = 0 } } },
        { "earlyStopping.metric", new TrainingConfig { EarlyStopping = new EarlyStoppingOptions { Metric = " " } } },
        { "checkpoints.everySteps", new TrainingConfig { Checkpoints = new CheckpointOptions { EverySteps = -1 } } },
        { "checkpoints.keepLast", new TrainingConfig { Checkpoints = new CheckpointOptions { KeepLast = -1 } } },
        { "lora.bias", new TrainingConfig { Lora = new LoraOptions { Bias = (LoraBias)9 } } },
    };

    [Theory]
    [MemberData(nameof(BadControls))]
    public void Each_bad_training_control_is_an_error_on_its_own_field(string field, TrainingConfig config)
    {
        Assert.Equal([field], FieldsWithErrors(config));
    }

    [Fact]
    public void Warm_up_steps_and_ratio_together_are_an_error_on_warmupRatio()
    {
        Assert.Equal(["warmupRatio"], FieldsWithErrors(new TrainingConfig { WarmupSteps = 3, WarmupRatio = 0.1 }));
    }

    [Theory]
    [InlineData(FineTuneMethod.BitFit)]
    [InlineData(FineTuneMethod.HeadOnly)]
    [InlineData(FineTuneMethod.GradualUnfreeze)]
    public void Selection_methods_are_valid_for_any_model_that_fine_tunes(FineTuneMethod method)
    {
        Assert.Empty(new TrainingConfig { Method = method }.Validate());
    }

    [Fact]
    public void Every_control_round_trips_through_the_web_json_shape()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
        };
        var config = new TrainingConfig
        {
            Method = FineTuneMethod.GradualUnfreeze, Optimizer = OptimizerKind.Sgd, Nesterov = true, Schedule = ScheduleKind.OneCycle,
            HeadLearningRate = 1e-2, DropoutOverride = 0, FrozenParameterPatterns = ["embeddings.*"],
            EarlyStopping = new EarlyStoppingOptions { Enabled = true, Mode = MetricMode.Max, Metric = "val/accuracy" },
            Checkpoints = new CheckpointOptions { EverySteps = 50, KeepLast = 2 },
            Lora = new LoraOptions { Bias = LoraBias.LoraOnly, UseRsLora = true, TargetModules = [LoraOptions.AllLinear] },
        };

        var json = System.Text.Json.JsonSerializer.Serialize(config, options);
        var back = System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>(json, options)!;

        Assert.Contains("\"gradientAccumulationSteps\":1", json);
        Assert.Contains("\"optimizer\":\"sgd\"", json);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(back, options), json);
    }
}
