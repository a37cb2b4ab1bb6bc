using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Pretrained;

// The engine's pre-trained ResNet-18 and ML.NET's two ONNX files run by ONNX Runtime (the reference).
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        TorchRuntime.Configure();
        Model = ResNet18Definition.CreateModel(classCount: 10);
        Model.eval();
        Preprocessing = ResNet18Definition.CreatePreprocessing();
        var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        ReferencePreprocess = new InferenceSession(ResNet18Package.ReadPreprocessModel(), options);
        Reference = new InferenceSession(ResNet18Package.ReadOnnxModel(), options);
    }

    public ResNet Model { get; }

    public ResNetPreprocessing Preprocessing { get; }

    public InferenceSession ReferencePreprocess { get; }

    public InferenceSession Reference { get; }

    // RGB 0–255 images [count, 3, 224, 224], the same for a given seed.
    public static float[] RandomImages(int count, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var images = rand([count, 3, 224, 224], generator: generator) * 255;
        return images.data<float>().ToArray();
    }

    public float[] EngineFeatures(float[] rgb, int count)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var input = Preprocessing.Apply(tensor(rgb, [count, 3, 224, 224]));
        return Model.Features(input).data<float>().ToArray();
    }

    public float[] EnginePreprocessed(float[] rgb, int count)
    {
        using var scope = NewDisposeScope();
        return Preprocessing.Apply(tensor(rgb, [count, 3, 224, 224])).data<float>().ToArray();
    }

    // ML.NET's graphs take one image at a time ([1, 3, 224, 224] is fixed in both), so a batch runs image by image.
    public float[] ReferencePreprocessed(float[] rgb, int count) =>
        Enumerable.Range(0, count).SelectMany(index => RunOne(ReferencePreprocess, rgb.AsSpan(index * PerImage, PerImage).ToArray())).ToArray();

    public float[] ReferenceFeatures(float[] rgb, int count) =>
        Enumerable.Range(0, count)
            .SelectMany(index => RunOne(Reference, RunOne(ReferencePreprocess, rgb.AsSpan(index * PerImage, PerImage).ToArray())))
            .ToArray();

    private const int PerImage = 3 * 224 * 224;

    private static float[] RunOne(InferenceSession session, float[] image)
    {
        var input = new DenseTensor<float>(image, [1, 3, 224, 224]);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)]);
        return outputs.Single().AsEnumerable<float>().ToArray();
    }

    public void Dispose()
    {
        Reference.Dispose();
        ReferencePreprocess.Dispose();
        Preprocessing.Dispose();
        Model.Dispose();
    }
}
