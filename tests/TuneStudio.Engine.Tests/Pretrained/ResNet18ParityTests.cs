using TuneStudio.Engine.Pretrained;
using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Pretrained;

public class ResNet18ParityTests(ResNet18Fixture resNet, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Preprocessing_matches_ML_NET_preprocess_graph()
    {
        var images = ResNet18Fixture.RandomImages(count: 1, seed: 3);

        var difference = MaxAbsDifference(resNet.EnginePreprocessed(images, 1), resNet.ReferencePreprocessed(images, 1));

        output.WriteLine($"max |TorchSharp - ONNX Runtime| = {difference:E2}");
        Assert.InRange(difference, 0, 1e-4);
    }

    [Fact]
    public void ResNet18_in_TorchSharp_matches_ONNX_Runtime_on_one_image()
    {
        var images = ResNet18Fixture.RandomImages(count: 1, seed: 1);

        var engine = resNet.EngineFeatures(images, 1);
        var reference = resNet.ReferenceFeatures(images, 1);

        Assert.Equal(512, reference.Length);
        Assert.Equal(reference.Length, engine.Length);
        output.WriteLine($"max |TorchSharp - ONNX Runtime| = {MaxAbsDifference(engine, reference):E2}, max |feature| = {reference.Max(Math.Abs):F3}");
        Assert.InRange(MaxAbsDifference(engine, reference), 0, Tolerance);
    }

    [Fact]
    public void ResNet18_in_TorchSharp_matches_ONNX_Runtime_on_a_batch_of_two()
    {
        var images = ResNet18Fixture.RandomImages(count: 2, seed: 2);

        var engine = resNet.EngineFeatures(images, 2);
        var reference = resNet.ReferenceFeatures(images, 2);

        Assert.Equal(2 * 512, engine.Length);
        output.WriteLine($"max |TorchSharp - ONNX Runtime| = {MaxAbsDifference(engine, reference):E2}");
        Assert.InRange(MaxAbsDifference(engine, reference), 0, Tolerance);
    }

    [Fact]
    public void Weights_are_parsed_once_per_process()
    {
        using var another = ResNet18Definition.CreateModel(classCount: 3);

        Assert.Equal(1, ResNet18Definition.OnnxParses);
    }

    [Fact]
    public void Both_ONNX_files_land_in_the_build_output()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx")));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "models", "ResNetPreprocess.onnx")));
    }

    private static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
