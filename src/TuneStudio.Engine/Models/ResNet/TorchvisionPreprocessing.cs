using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// What torchvision's ImageNet models expect: RGB scaled to 0–1, then each channel normalised with ImageNet's
// mean (0.485, 0.456, 0.406) and standard deviation (0.229, 0.224, 0.225), at 224×224 by default.
public sealed class TorchvisionPreprocessing(int imageSize = TorchvisionPreprocessing.NativeSize) : IImagePreprocessing
{
    public const int NativeSize = 224;

    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] StandardDeviation = [0.229f, 0.224f, 0.225f];

    public int ImageSize { get; } = imageSize;

    public Tensor Apply(Tensor rgb)
    {
        if (rgb.ndim != 4 || rgb.shape[1] != 3 || rgb.shape[2] != ImageSize || rgb.shape[3] != ImageSize)
            throw new ArgumentException($"Expected RGB images [batch, 3, {ImageSize}, {ImageSize}], got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, device: rgb.device).view(1, 3, 1, 1);
        var deviation = tensor(StandardDeviation, device: rgb.device).view(1, 3, 1, 1);
        return ((rgb / 255f - mean) / deviation).MoveToOuterDisposeScope();
    }

    // Holds no tensors between calls.
    public void Dispose()
    {
    }
}
