using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// What the CNTK ResNet-18 expects of an image, as ML.NET's ResNetPreprocess.onnx does it: RGB 0–255 in, channels
// reordered to BGR, minus a 224×224 mean image. At other sizes the mean image is area-averaged down (or
// bilinearly up) to the input size, so each pixel still loses the mean of the ImageNet pixels it stands for.
public sealed class ResNetPreprocessing : IImagePreprocessing, IDisposable
{
    public const int NativeSize = 224;

    private readonly Tensor meanImage;

    // meanImage: [1, 3, 224, 224] in BGR order.
    public ResNetPreprocessing(Tensor meanImage, int imageSize = NativeSize)
    {
        if (!meanImage.shape.SequenceEqual([1L, 3, NativeSize, NativeSize]))
            throw new ArgumentException($"The mean image must be [1, 3, {NativeSize}, {NativeSize}].", nameof(meanImage));
        ImageSize = imageSize;
        using var _ = no_grad();
        this.meanImage = imageSize == NativeSize
            ? meanImage.clone()
            : nn.functional.interpolate(meanImage, [imageSize, imageSize],
                mode: imageSize < NativeSize ? InterpolationMode.Area : InterpolationMode.Bilinear,
                align_corners: imageSize < NativeSize ? null : false);
    }

    public int ImageSize { get; }

    // rgb: [batch, 3, ImageSize, ImageSize], values 0–255 → the network's input.
    public Tensor Apply(Tensor rgb)
    {
        if (rgb.ndim != 4 || rgb.shape[1] != 3 || rgb.shape[2] != ImageSize || rgb.shape[3] != ImageSize)
            throw new ArgumentException($"Expected RGB images [batch, 3, {ImageSize}, {ImageSize}], got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        using var scope = NewDisposeScope();
        using var bgrOrder = tensor(new long[] { 2, 1, 0 }, device: rgb.device);
        return (rgb.index_select(1, bgrOrder) - meanImage.to(rgb.device)).MoveToOuterDisposeScope();
    }

    public void Dispose() => meanImage.Dispose();
}
