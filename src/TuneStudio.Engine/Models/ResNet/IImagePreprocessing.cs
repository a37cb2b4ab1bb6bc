using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.ResNet;

// Turns RGB images with values 0–255, [batch, 3, ImageSize, ImageSize], into what a network was trained on.
public interface IImagePreprocessing : IDisposable
{
    int ImageSize { get; }

    Tensor Apply(Tensor rgb);
}
