using TorchSharp;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Adapters;

// LoRA+ (Hayou et al. 2024): the B matrices learn at ratio × the rate of their group, for lora and dora.
public class LoraPlusTests
{
    private const double BaseRate = 2e-3;

    [Theory]
    [InlineData(FineTuneMethod.Lora, 16.0)]
    [InlineData(FineTuneMethod.Dora, 16.0)]
    [InlineData(FineTuneMethod.Lora, null)]
    public void The_optimizer_gives_the_B_matrices_the_ratio_times_the_base_rate(FineTuneMethod method, double? ratio)
    {
        var config = new TrainingConfig { Method = method, LearningRate = BaseRate, WeightDecay = 0.01, Lora = new LoraOptions { Rank = 4, LoraPlusLrRatio = ratio } };
        var (rates, groups) = RatesByParameter(config, scheduled: BaseRate);

        var expectedB = BaseRate * (ratio ?? 1);
        Assert.Contains(rates.Keys, name => name.EndsWith(".lora_B"));
        Assert.All(rates, entry => Assert.Equal(entry.Key.EndsWith(".lora_B") ? expectedB : BaseRate, entry.Value, 12));
        // The B matrices keep the weight-decay rule of every matrix.
        Assert.All(groups.Where(group => group.Parameters.Count > 0 && group.Name.EndsWith("/lora_B")), group => Assert.Equal(0.01, group.WeightDecay));
        Assert.Equal(ratio is not null, groups.Any(group => group.Name.EndsWith("/lora_B")));
    }

    [Fact]
    public void The_ratio_follows_the_schedule_and_layer_decay()
    {
        var config = new TrainingConfig
        {
            Method = FineTuneMethod.Lora, LearningRate = BaseRate, LayerwiseLrDecay = 0.5, Lora = new LoraOptions { Rank = 4, LoraPlusLrRatio = 8 },
        };
        var (rates, _) = RatesByParameter(config, scheduled: 1e-4);

        // The tiny model has two blocks: the top one at the scheduled rate, the one below at half of it.
        Assert.Equal(8 * 1e-4, rates["encoder.layer.1.attention.query.lora_B"], 12);
        Assert.Equal(1e-4, rates["encoder.layer.1.attention.query.lora_A"], 12);
        Assert.Equal(8 * 0.5 * 1e-4, rates["encoder.layer.0.attention.value.lora_B"], 12);
        Assert.Equal(0.5 * 1e-4, rates["encoder.layer.0.attention.value.lora_A"], 12);
    }

    // Each trainable parameter's learning rate as the optimizer holds it, after the schedule set `scheduled`.
    private static (Dictionary<string, double> Rates, IReadOnlyList<ParameterGroup> Groups) RatesByParameter(TrainingConfig config, double scheduled)
    {
        TorchRuntime.Configure();
        torch.manual_seed(1);
        using var model = FineTuneSetup.CreateModel(config, labelCount: 2);
        var groups = OptimizerSetup.Groups(model, config, (_, parameter) => parameter.requires_grad);
        var optimizer = OptimizerSetup.Create(groups, config);
        OptimizerSetup.SetLearningRate(optimizer, groups, scheduled);
        var names = model.named_parameters().ToDictionary(entry => entry.parameter.Handle, entry => entry.name);
        var rates = new Dictionary<string, double>();
        foreach (var group in optimizer.ParamGroups)
            foreach (var parameter in ((TorchSharp.Modules.ParamGroup)group).Parameters)
                rates[names[parameter.Handle]] = group.LearningRate;
        Assert.Equal(model.parameters().Count(parameter => parameter.requires_grad), rates.Count);
        return (rates, groups);
    }
}
