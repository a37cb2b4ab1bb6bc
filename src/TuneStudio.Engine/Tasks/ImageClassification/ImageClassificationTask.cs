using System.Security.Cryptography;
using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.ImageClassification;

// Image classification as a recipe task: each image is augmented (training only; per example from
// (seed, epoch, index)), resized to the input size, grey copied to R, G and B, then preprocessed as the model was
// pre-trained (ResNet-18 from CNTK: BGR 0–255 minus the mean image; torchvision imports: RGB /255, ImageNet mean/std). The pre-trained network keeps its BatchNorm statistics
// while it trains (their affine parameters still learn): with small batches, batch statistics shifted its features
// and cost most of what pre-training gave (ResNet18FineTuningTests). Methods: all but LoRA.
internal sealed class ImageClassificationTask : IRecipeTask<ImageExample>
{
    private readonly TrainingConfig config;
    private readonly Device device;
    private readonly ResNet model;
    private readonly IImagePreprocessing preprocessing;

    public ImageClassificationTask(TrainingJob<ImageExample> job, Device device, string? initialWeights)
    {
        config = job.Config;
        this.device = device;
        var definition = job.Models.FindImageDefinition(config.Model)
                         ?? throw new ArgumentException($"'{config.Model}' is not an image model.");
        ImageSize = config.ImageSize ?? definition.Info.ImageSize;
        model = definition.CreateModel(job.Labels.Count);
        try
        {
            model.to(device);
            if (initialWeights is not null) CheckpointReader.LoadWeights(model, initialWeights);
            FineTuneSetup.SelectTrainableParameters(model, config);
            preprocessing = definition.CreatePreprocessing(ImageSize);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public int ImageSize { get; }

    public nn.Module Model => model;

    public IFineTunableModel Layout => model;

    public string Fingerprint(IReadOnlyList<ImageExample> examples, IReadOnlyList<string> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var label in labels) hash.AppendData(System.Text.Encoding.UTF8.GetBytes("L" + label + "\n"));
        foreach (var example in examples)
        {
            hash.AppendData(BitConverter.GetBytes(example.Label));
            hash.AppendData(BitConverter.GetBytes(example.Width));
            hash.AppendData(BitConverter.GetBytes(example.Height));
            hash.AppendData(BitConverter.GetBytes(example.Channels));
            hash.AppendData(example.Pixels);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void SetTrainingMode()
    {
        model.train();
        foreach (var batchNorm in model.modules().OfType<BatchNorm2d>()) batchNorm.eval();
    }

    public Tensor Loss(TrainingBatch<ImageExample> batch)
    {
        var augmentation = config.Augmentation.Image;
        var images = batch.Examples.Select((example, i) =>
        {
            var random = new AugmentationRandom(config.Seed, batch.Epoch, batch.Indices[i]);
            return ImageAugmenter.Apply(Pixels(example), augmentation, ref random);
        });
        var labels = tensor(batch.Examples.Select(example => (long)example.Label).ToArray(), device: device);
        return nn.functional.cross_entropy(model.forward(Inputs(images)), labels, label_smoothing: config.LabelSmoothing);
    }

    public Dictionary<string, double> Evaluate(IReadOnlyList<ImageExample> validation)
    {
        model.eval();
        using var _ = no_grad();
        var evaluation = new ClassificationEvaluation();
        foreach (var batch in validation.Chunk(Math.Max(config.BatchSize, 16)))
        {
            using var scope = NewDisposeScope();
            evaluation.Add(model.forward(Inputs(batch.Select(Pixels))), batch.Select(example => example.Label), device);
        }
        return evaluation.Metrics();
    }

    // [batch, 3, ImageSize, ImageSize], preprocessed for the network.
    private Tensor Inputs(IEnumerable<ImagePixels> images)
    {
        using var scope = NewDisposeScope();
        var resized = images.Select(image =>
        {
            var chw = tensor(image.Values, [1, image.Height, image.Width, image.Channels]).permute(0, 3, 1, 2);
            if (image.Height != ImageSize || image.Width != ImageSize)
                chw = nn.functional.interpolate(chw, [ImageSize, ImageSize], mode: InterpolationMode.Bilinear, align_corners: false);
            return image.Channels == 1 ? chw.expand(1, 3, ImageSize, ImageSize) : chw;
        }).ToList();
        return preprocessing.Apply(cat(resized, 0).to(device)).MoveToOuterDisposeScope();
    }

    // Grey stays one channel (copied to three after resizing); an alpha channel is dropped.
    private static ImagePixels Pixels(ImageExample example)
    {
        var keep = example.Channels >= 3 ? 3 : 1;
        if (keep == example.Channels) return ImagePixels.FromBytes(example.Pixels, example.Width, example.Height, example.Channels);
        var values = new float[example.Width * example.Height * keep];
        for (var pixel = 0; pixel < example.Width * example.Height; pixel++)
        for (var c = 0; c < keep; c++)
            values[pixel * keep + c] = example.Pixels[pixel * example.Channels + c];
        return new ImagePixels(values, example.Width, example.Height, keep);
    }

    public void Dispose()
    {
        preprocessing.Dispose();
        model.Dispose();
    }
}
