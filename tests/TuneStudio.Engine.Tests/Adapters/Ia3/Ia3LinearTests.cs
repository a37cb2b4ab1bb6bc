using System.Text.Json.Nodes;
using TorchSharp;
using TuneStudio.Engine.Adapters.Ia3;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Adapters.Ia3;

// IA3's layer as PEFT shapes it: an [out, 1] vector on the output, or a [1, in] vector on a feed-forward input.
public class Ia3LinearTests
{
    [Fact]
    public void A_target_scales_the_output_bias_included_and_a_feedforward_layer_scales_the_input()
    {
        using var scope = NewDisposeScope();
        TorchRuntime.Configure();
        torch.manual_seed(2);
        var baseLayer = nn.Linear(4, 3);
        var x = randn(2, 4);
        var output = new Ia3Linear(baseLayer, feedforward: false);
        var feedforward = new Ia3Linear(baseLayer, feedforward: true);
        var outputScale = tensor(new[] { 0.5f, 2f, -1f });
        var inputScale = tensor(new[] { 1f, 0f, 3f, 0.25f });
        using (no_grad())
        {
            Vector(output).copy_(outputScale.reshape(3, 1));
            Vector(feedforward).copy_(inputScale.reshape(1, 4));
        }

        Assert.Equal([3L, 1L], Vector(output).shape);
        Assert.Equal([1L, 4L], Vector(feedforward).shape);
        var weight = baseLayer.weight!.detach();
        var bias = baseLayer.bias!.detach();
        Assert.True(output.forward(x).allclose((x.matmul(weight.t()) + bias) * outputScale, rtol: 0, atol: 1e-6));
        Assert.True(feedforward.forward(x).allclose((x * inputScale).matmul(weight.t()) + bias, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void The_PEFT_config_lists_the_feedforward_layers_among_the_targets_and_reads_back_the_same_options()
    {
        var adapter = new Ia3Adapter();
        var options = new Ia3Options { TargetModules = ["key", "value"], FeedforwardModules = ["output.dense"] };

        var json = adapter.PeftConfig(new TrainingConfig { Method = FineTuneMethod.Ia3, Ia3 = options });

        Assert.Equal("IA3", json["peft_type"]!.GetValue<string>());
        Assert.Equal(["key", "value", "output.dense"], json["target_modules"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(["output.dense"], json["feedforward_modules"]!.AsArray().Select(name => name!.GetValue<string>()));
        var read = adapter.ReadPeftConfig(JsonNode.Parse(json.ToJsonString())!.AsObject())!;
        Assert.Equal(options.TargetModules, read.Ia3.TargetModules);
        Assert.Equal(options.FeedforwardModules, read.Ia3.FeedforwardModules);
    }

    private static TorchSharp.Modules.Parameter Vector(nn.Module module) =>
        module.named_parameters().Single(entry => entry.name == "ia3_l").parameter;
}
