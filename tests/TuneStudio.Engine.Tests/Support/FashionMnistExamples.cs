using TorchSharp;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine.Tests.Support;

// The Fashion-MNIST slices as the image recipe's examples (28×28 grey), and weight snapshots for image checkpoints.
public static class FashionMnistExamples
{
    public static readonly IReadOnlyList<string> Labels = Enumerable.Range(0, FashionMnistSlice.ClassCount).Select(i => $"class-{i}").ToList();

    public static IReadOnlyList<ImageExample> Train() => From(FashionMnistSlice.Train());

    public static IReadOnlyList<ImageExample> Validation() => From(FashionMnistSlice.Validation());

    private static List<ImageExample> From((byte[] Pixels, long[] Labels) data)
    {
        const int size = FashionMnistSlice.Side * FashionMnistSlice.Side;
        return data.Labels.Select((label, i) => new ImageExample(data.Pixels.AsSpan(i * size, size).ToArray(),
            FashionMnistSlice.Side, FashionMnistSlice.Side, 1, (int)label)).ToList();
    }

    // Every tensor of the checkpoint (parameters and BatchNorm buffers) as floats.
    public static Dictionary<string, float[]> CheckpointTensors(string checkpointDirectory)
    {
        using var file = Safetensors.Read(Path.Combine(checkpointDirectory, CheckpointFiles.Weights));
        return file.Tensors.ToDictionary(entry => entry.Key, entry => entry.Value.to_type(torch.ScalarType.Float32).data<float>().ToArray());
    }

    // The weights the image recipe starts from for this seed: it seeds torch, then builds the pre-trained model.
    public static Dictionary<string, float[]> InitialTensors(int seed, int classCount)
    {
        torch.manual_seed(seed);
        using var model = ResNet18Definition.CreateModel(classCount);
        return model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.to_type(torch.ScalarType.Float32).data<float>().ToArray());
    }
}
