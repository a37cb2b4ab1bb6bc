using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Onnx;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine.Tests.Pretrained;

// The CNTK graph's layout is checked, not assumed: weights meant for another layout are refused with the reason.
public class ResNetOnnxWeightsTests
{
    private static readonly Lazy<OnnxModel> Graph = new(() => OnnxModelReader.Read(ResNet18Package.ReadOnnxModel()));

    [Fact]
    public void Graph_maps_onto_every_tensor_of_the_CNTK_layout()
    {
        var weights = ResNetOnnxWeights.ToStateDict(Graph.Value, ResNetConfig.CntkResNet18);
        try
        {
            using var model = new Engine.Models.ResNet.ResNet(ResNetConfig.CntkResNet18, classCount: 2);
            var problems = PretrainedWeights.Check(model, weights);
            Assert.Equal(["Missing tensor 'fc.bias'.", "Missing tensor 'fc.weight'."], problems);
            Assert.Contains("layer4.2.bn2.running_var", weights.Keys);
        }
        finally
        {
            foreach (var weight in weights.Values) weight.Dispose();
        }
    }

    [Fact]
    public void Symmetric_padding_is_refused_naming_the_graph_pads()
    {
        var error = Assert.Throws<InvalidDataException>(() => ResNetOnnxWeights.ToStateDict(Graph.Value, ResNetConfig.TorchvisionResNet18));

        Assert.Contains("pads [3, 3, 2, 2], the model pads [3, 3, 3, 3]", error.Message);
    }

    [Fact]
    public void Another_block_layout_is_refused_naming_both()
    {
        var twoBlocksEverywhere = ResNetConfig.CntkResNet18 with { BlocksPerStage = [2, 2, 2, 2] };

        var error = Assert.Throws<InvalidDataException>(() => ResNetOnnxWeights.ToStateDict(Graph.Value, twoBlocksEverywhere));

        Assert.Contains("[2, 2, 2, 3] blocks; the model expects [2, 2, 2, 2]", error.Message);
    }
}
