using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Pretrained;

public class TorchvisionResNetImportTests
{
    [Fact]
    public void Torchvision_resnet50_layout_has_bottleneck_names_and_parameter_count()
    {
        using var model = new Engine.Models.ResNet.ResNet(ResNetConfig.TorchvisionResNet50, classCount: 1000);
        var names = model.state_dict().Keys.ToHashSet();

        string[] expected = ["conv1.weight", "bn1.num_batches_tracked", "layer1.0.conv3.weight", "layer1.0.bn3.running_var",
            "layer1.0.downsample.0.weight", "layer3.5.conv2.weight", "layer4.2.bn3.bias", "layer4.0.downsample.1.running_mean", "fc.weight"];
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.DoesNotContain("layer1.1.downsample.0.weight", names);
        Assert.DoesNotContain("layer3.6.conv1.weight", names);
        Assert.Equal([1000L, 2048], model.state_dict()["fc.weight"].shape);
        // torchvision.models.resnet50() has 25,557,032 parameters.
        Assert.Equal(25_557_032, model.parameters().Sum(parameter => parameter.numel()));
    }

    [Theory]
    [InlineData(18)]
    [InlineData(50)]
    public void A_torchvision_state_dict_imports_with_its_depth_detected_and_gives_the_same_outputs(int depth)
    {
        using var folder = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        using var source = TorchvisionStateDicts.RandomModel(TorchvisionResNetImport.Layouts[depth], classCount: 10);
        TorchvisionStateDicts.Save(source, folder.Path);

        Assert.Equal((depth, []), TorchvisionResNetImport.DetectDepth(folder.Path));
        Assert.True(TorchvisionResNetImport.Recognises(folder.Path));
        using var imported = TorchvisionResNetImport.Load(folder.Path);

        var images = randn(2, 3, 64, 64);
        var outputs = TorchvisionStateDicts.Outputs(imported, images);
        Assert.Equal(2 * 10, outputs.Length);
        Assert.Equal(TorchvisionStateDicts.Outputs(source, images), outputs);
    }

    [Fact]
    public void An_imported_backbone_gets_a_fresh_head_for_the_runs_classes_and_torchvision_preprocessing()
    {
        using var folder = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        using var source = TorchvisionStateDicts.RandomModel(ResNetConfig.TorchvisionResNet50);
        // A headless backbone (no fc.*), as feature extractors are often shared.
        TorchvisionStateDicts.Save(source, folder.Path, drop: ["fc.weight", "fc.bias"]);

        var definition = ImportedResNetDefinition.Open("tv-test", "My ResNet-50", "test", folder.Path);
        using var model = definition.CreateModel(classCount: 5);
        model.eval();

        Assert.Equal(50, definition.Depth);
        Assert.Equal("image-classification", definition.Info.Task);
        Assert.Equal(model.parameters().Sum(p => p.numel()) - (2048 * 5 + 5) + (2048 * 2 + 2), definition.Info.ParameterCount);
        using var _ = no_grad();
        var images = randn(2, 3, 64, 64);
        Assert.Equal([2L, 5], model.forward(images).shape);
        Assert.True(source.Features(images).allclose(model.Features(images)), "the backbone's features are the file's");

        var preprocessing = definition.CreatePreprocessing();
        Assert.Equal(224, preprocessing.ImageSize);
        var white = preprocessing.Apply(full(1, 3, 224, 224, 255f));
        Assert.Equal((1 - 0.485f) / 0.229f, white[0, 0, 0, 0].item<float>(), 5);
        Assert.Equal((1 - 0.406f) / 0.225f, white[0, 2, 100, 100].item<float>(), 5);
    }

    [Fact]
    public void Exported_then_reimported_resnet_gives_identical_outputs()
    {
        using var folder = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        using var source = TorchvisionStateDicts.RandomModel(ResNetConfig.TorchvisionResNet18, classCount: 3);

        TorchvisionResNetExport.Write(source, folder.Path);
        using var reimported = TorchvisionResNetImport.Load(folder.Path);

        Assert.Contains("\"resnet18\"", File.ReadAllText(Path.Combine(folder.Path, "config.json")));
        var images = randn(2, 3, 64, 64);
        Assert.Equal(TorchvisionStateDicts.Outputs(source, images), TorchvisionStateDicts.Outputs(reimported, images));
    }

    [Fact]
    public void A_missing_tensor_is_rejected_by_name()
    {
        using var folder = new TemporaryDirectory();
        using var source = TorchvisionStateDicts.RandomModel(ResNetConfig.TorchvisionResNet18);
        TorchvisionStateDicts.Save(source, folder.Path, drop: ["layer3.1.bn2.running_var"]);

        var problem = Assert.Single(TorchvisionResNetImport.Validate(folder.Path));
        Assert.Equal("Missing tensor 'layer3.1.bn2.running_var'.", problem);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_and_an_unexpected_one_are_rejected_by_name()
    {
        using var folder = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        using var source = TorchvisionStateDicts.RandomModel(ResNetConfig.TorchvisionResNet50);
        TorchvisionStateDicts.Save(source, folder.Path, replace: new Dictionary<string, Tensor>
        {
            ["layer2.0.conv2.weight"] = zeros(128, 128, 1, 1),
            ["layer2.0.se.fc.weight"] = zeros(8, 8),
        });

        var problems = TorchvisionResNetImport.Validate(folder.Path);

        Assert.Equal(2, problems.Count);
        Assert.Contains("Unexpected tensor 'layer2.0.se.fc.weight'.", problems);
        Assert.Contains("Tensor 'layer2.0.conv2.weight' has shape [128, 128, 1, 1], the model expects [128, 128, 3, 3].", problems);
        Assert.Throws<ImportRejectedException>(() => ImportedResNetDefinition.Open("tv-bad", "bad", "test", folder.Path));
    }

    [Fact]
    public void A_config_naming_another_depth_makes_the_differences_named()
    {
        using var folder = new TemporaryDirectory();
        using var source = TorchvisionStateDicts.RandomModel(ResNetConfig.TorchvisionResNet18);
        TorchvisionStateDicts.Save(source, folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "config.json"), """{"architecture": "resnet34", "num_classes": 1000}""");

        var problems = TorchvisionResNetImport.Validate(folder.Path);

        Assert.Contains("Missing tensor 'layer1.2.conv1.weight'.", problems);
        Assert.Contains("Missing tensor 'layer3.5.bn2.weight'.", problems);
    }

    [Fact]
    public void A_layout_that_is_no_supported_resnet_is_refused_with_its_stages()
    {
        using var folder = new TemporaryDirectory();
        using var source = TorchvisionStateDicts.RandomModel(new ResNetConfig([1, 1, 1, 1], ResNetPadding.Symmetric));
        TorchvisionStateDicts.Save(source, folder.Path);

        var problem = Assert.Single(TorchvisionResNetImport.Validate(folder.Path));
        Assert.StartsWith("model.safetensors has stages of [1, 1, 1, 1] basic blocks", problem);
    }
}
