using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Tests.Adapters.Lora;

public class LoraTargetingTests
{
    private static TextClassifierModel CreateBase()
    {
        TorchRuntime.Configure();
        torch.manual_seed(3);
        return ModelCatalog.BuiltIn.FindDefinition("tiny-transformer")!.CreateModel(labelCount: 2);
    }

    [Fact]
    public void All_linear_adapts_every_linear_layer_but_the_head()
    {
        using var model = CreateBase();
        var linears = model.named_modules().Count(entry => entry.module is Linear) - 1;

        var adapted = LoraInjector.Inject(model, new LoraOptions { TargetModules = [LoraOptions.AllLinear] });

        Assert.Equal(linears, adapted.Count);
        Assert.DoesNotContain("classifier", adapted);
    }

    [Fact]
    public void A_glob_targets_layers_by_their_whole_path()
    {
        using var model = CreateBase();

        var adapted = LoraInjector.Inject(model, new LoraOptions { TargetModules = ["encoder.layer.1.attention.*"] });

        Assert.Equal(["encoder.layer.1.attention.key", "encoder.layer.1.attention.output", "encoder.layer.1.attention.query", "encoder.layer.1.attention.value"],
            adapted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RsLoRA_scales_by_alpha_over_the_square_root_of_the_rank()
    {
        using var plain = CreateBase();
        using var stabilised = CreateBase();
        LoraInjector.Inject(plain, new LoraOptions { Rank = 16, Alpha = 8 });
        LoraInjector.Inject(stabilised, new LoraOptions { Rank = 16, Alpha = 8, UseRsLora = true });

        Assert.All(LoraModel.Adapters(plain), adapter => Assert.Equal(0.5, adapter.Scaling));
        Assert.All(LoraModel.Adapters(stabilised), adapter => Assert.Equal(2.0, adapter.Scaling));
    }
}
