using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Models.ResNet;

public class ResNetTests
{
    [Fact]
    public void Torchvision_resnet18_layout_has_torchvision_names_and_parameter_count()
    {
        using var model = new Engine.Models.ResNet.ResNet(ResNetConfig.TorchvisionResNet18, classCount: 1000);
        var names = model.state_dict().Keys.ToHashSet();

        string[] expected = ["conv1.weight", "bn1.running_var", "layer1.0.conv1.weight", "layer1.1.bn2.bias",
            "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_mean", "layer4.1.bn2.weight", "fc.weight", "fc.bias"];
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.DoesNotContain("layer1.0.downsample.0.weight", names);
        Assert.DoesNotContain("layer4.2.conv1.weight", names);
        // torchvision.models.resnet18() has 11,689,512 parameters.
        Assert.Equal(11_689_512, model.parameters().Sum(parameter => parameter.numel()));
    }

    [Fact]
    public void Torchvision_resnet34_layout_has_its_parameter_count()
    {
        using var model = new Engine.Models.ResNet.ResNet(ResNetConfig.TorchvisionResNet34, classCount: 1000);

        // torchvision.models.resnet34() has 21,797,672 parameters.
        Assert.Equal(21_797_672, model.parameters().Sum(parameter => parameter.numel()));
    }

    [Fact]
    public void Cntk_resnet18_count_in_the_catalogue_is_the_model_count()
    {
        using var model = new Engine.Models.ResNet.ResNet(ResNetConfig.CntkResNet18, classCount: 2);

        Assert.Equal(ResNet18Definition.ParameterCount(classCount: 2), model.parameters().Sum(parameter => parameter.numel()));
        Assert.Equal(ResNet18Definition.Info.ParameterCount, ResNet18Definition.ParameterCount(classCount: 2));
    }

    [Theory]
    [InlineData(224)]
    [InlineData(64)]
    [InlineData(112)] // CNTK's padding on odd maps (7 → 4) keeps main path and downsample the same size
    [InlineData(97)]
    [InlineData(32)]
    public void Features_are_512_wide_and_logits_one_per_class_at_any_size(int size)
    {
        using var scope = NewDisposeScope();
        using var model = new Engine.Models.ResNet.ResNet(ResNetConfig.CntkResNet18, classCount: 10);
        model.eval();

        using var _ = no_grad();
        var images = randn(2, 3, size, size);

        Assert.Equal([2L, 512], model.Features(images).shape);
        Assert.Equal([2L, 10], model.forward(images).shape);
    }

    [Theory]
    [InlineData(ResNetPadding.Symmetric, 7, 2, 224, 3, 3)]
    [InlineData(ResNetPadding.CntkSame, 7, 2, 224, 3, 2)]
    [InlineData(ResNetPadding.CntkSame, 3, 2, 112, 1, 0)]
    [InlineData(ResNetPadding.CntkSame, 3, 2, 7, 1, 1)]
    [InlineData(ResNetPadding.CntkSame, 3, 1, 7, 1, 1)]
    [InlineData(ResNetPadding.CntkSame, 1, 2, 14, 0, 0)]
    [InlineData(ResNetPadding.CntkSame, 1, 2, 7, 0, 0)]
    public void Padding_before_and_after_a_window_follows_the_graph(ResNetPadding padding, int kernel, int stride, int size, int before, int after) =>
        Assert.Equal((before, after), ResNetPaddingRule.For(padding, kernel, stride, size));

    [Fact]
    public void The_catalogue_lists_resnet18_as_an_image_model_with_its_input_size_and_without_lora()
    {
        var info = Assert.Single(ModelCatalog.BuiltIn.All, model => model.Task == "image-classification");
        Assert.Equal("resnet18", info.Id);
        Assert.Equal(224, info.ImageSize);
        Assert.Same(info, ModelCatalog.BuiltIn.Find("resnet18"));
        Assert.DoesNotContain(FineTuneMethod.Lora, info.Methods);
        Assert.Null(ModelCatalog.BuiltIn.FindDefinition("resnet18")); // not a text model
    }
}
