using TuneStudio.Engine;

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
    public void The_catalogue_lists_the_tiny_transformer_with_every_method()
    {
        var model = Assert.Single(ModelCatalog.All, info => info.Id == "tiny-transformer");

        Assert.Same(model, ModelCatalog.Find("tiny-transformer"));
        Assert.Null(ModelCatalog.Find("nope"));
        Assert.Equal([FineTuneMethod.Full, FineTuneMethod.Lora, FineTuneMethod.Freeze], model.Methods);
    }
}
