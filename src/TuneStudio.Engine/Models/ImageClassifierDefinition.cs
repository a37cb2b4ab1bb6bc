using TuneStudio.Engine.Models.ResNet;

namespace TuneStudio.Engine.Models;

// One catalogue entry for an image classifier: what to show about it, how to build it for a number of classes
// (pre-trained, with a new head) and its own preprocessing at a given input size.
public abstract class ImageClassifierDefinition : ModelDefinition
{
    public abstract ResNet.ResNet CreateModel(int classCount, bool pretrained = true);

    public abstract IImagePreprocessing CreatePreprocessing(int imageSize);
}
