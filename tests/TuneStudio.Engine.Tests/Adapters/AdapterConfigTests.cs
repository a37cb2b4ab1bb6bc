using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine.Tests.Adapters;

// The adapters' config fields, validated under the names the API spells, and where each adapter is offered.
public class AdapterConfigTests
{
    private static IEnumerable<string> FieldsWithErrors(TrainingConfig config) => config.Validate().Select(error => error.Field);

    [Theory]
    [InlineData(FineTuneMethod.Lora)]
    [InlineData(FineTuneMethod.Dora)]
    [InlineData(FineTuneMethod.Ia3)]
    public void Each_adapter_with_its_defaults_is_valid_on_the_tiny_model_and_MiniLM(FineTuneMethod method)
    {
        Assert.Empty(new TrainingConfig { Method = method }.Validate());
        Assert.Empty(new TrainingConfig { Method = method, Model = "minilm-l6", LearningRate = 1e-3 }.Validate());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_LoRA_plus_ratio_that_is_not_a_positive_number_is_an_error_on_lora_loraPlusLrRatio(double ratio)
    {
        var config = new TrainingConfig { Method = FineTuneMethod.Dora, Lora = new LoraOptions { LoraPlusLrRatio = ratio } };

        Assert.Equal(["lora.loraPlusLrRatio"], FieldsWithErrors(config));
    }

    [Fact]
    public void A_LoRA_plus_ratio_of_16_is_valid()
    {
        Assert.Empty(new TrainingConfig { Method = FineTuneMethod.Lora, Lora = new LoraOptions { LoraPlusLrRatio = 16 } }.Validate());
    }

    [Fact]
    public void IA3_with_no_layer_to_rescale_is_an_error_on_ia3_targetModules()
    {
        var config = new TrainingConfig { Method = FineTuneMethod.Ia3, Ia3 = new Ia3Options { TargetModules = [], FeedforwardModules = [] } };

        Assert.Equal(["ia3.targetModules"], FieldsWithErrors(config));
    }

    [Fact]
    public void Blank_IA3_layer_names_are_errors_on_their_own_fields()
    {
        var config = new TrainingConfig { Method = FineTuneMethod.Ia3, Ia3 = new Ia3Options { TargetModules = ["key", " "], FeedforwardModules = [""] } };

        Assert.Equal(["ia3.targetModules", "ia3.feedforwardModules"], FieldsWithErrors(config));
    }

    [Fact]
    public void IA3_may_rescale_feedforward_layers_alone()
    {
        Assert.Empty(new TrainingConfig { Method = FineTuneMethod.Ia3, Ia3 = new Ia3Options { TargetModules = [], FeedforwardModules = ["output"] } }.Validate());
    }

    [Theory]
    [InlineData(FineTuneMethod.Dora)]
    [InlineData(FineTuneMethod.Ia3)]
    public void Adapters_are_offered_wherever_LoRA_is_and_nowhere_else(FineTuneMethod method)
    {
        foreach (var model in ModelCatalog.BuiltIn.All)
            Assert.Equal(model.Methods.Contains(FineTuneMethod.Lora), TrainingConfig.SupportsMethod(model, method));
        Assert.Contains(method, AdapterRegistry.MethodsOf(ModelCatalog.BuiltIn.Find("minilm-l6")!));
        Assert.DoesNotContain(method, AdapterRegistry.MethodsOf(ModelCatalog.BuiltIn.Find("resnet18")!));
    }

    [Fact]
    public void An_adapter_on_an_image_model_is_an_error_on_method()
    {
        var config = new TrainingConfig { Model = "resnet18", Task = TaskNames.ImageClassification, Method = FineTuneMethod.Dora };

        Assert.Equal(["method"], FieldsWithErrors(config));
    }
}
