using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Training;

public class FineTunePlanTests
{
    [Fact]
    public void Head_only_resnet18_trains_exactly_its_fc_layer()
    {
        var labels = Enumerable.Range(0, 10).Select(i => $"class-{i}").ToList();
        var config = new TrainingConfig { Model = "resnet18", Task = TaskNames.ImageClassification, Method = FineTuneMethod.HeadOnly, ImageSize = 32 };

        var plan = FineTunePlan.Describe(config, labels, trainExamples: 100);

        using var scope = NewDisposeScope();
        using var resnet = new ResNet(ResNetConfig.CntkResNet18, classCount: labels.Count);
        var fc = resnet.named_parameters().Where(p => p.name.StartsWith("fc.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.Equal(512 * 10 + 10, fc);
        Assert.Equal(fc, plan.TrainableParameters);
        Assert.Equal(resnet.parameters().Sum(p => p.numel()), plan.TotalParameters);
    }
}
