using TuneStudio.Engine.Augmentation;

namespace TuneStudio.Web.Components.Pages.Runs;

// The run dialog's editable copy of AugmentationOptions, text and image fields side by side; the dialog shows the
// group that fits the dataset, and the other kind's values pass through unchanged (a fork keeps them).
public sealed class AugmentationModel
{
    public double TextDeletionProbability { get; set; }
    public double TextSwapProbability { get; set; }
    public double TextTypoProbability { get; set; }
    public bool ImageHorizontalFlip { get; set; }
    public bool ImageVerticalFlip { get; set; }
    public double ImageCropScale { get; set; } = 1;
    public double ImageMaxRotationDegrees { get; set; }
    public double ImageBrightness { get; set; }
    public double ImageContrast { get; set; }
    public double ImageSaturation { get; set; }

    public static AugmentationModel From(AugmentationOptions options) => new()
    {
        TextDeletionProbability = options.Text.DeletionProbability,
        TextSwapProbability = options.Text.SwapProbability,
        TextTypoProbability = options.Text.TypoProbability,
        ImageHorizontalFlip = options.Image.HorizontalFlip,
        ImageVerticalFlip = options.Image.VerticalFlip,
        ImageCropScale = options.Image.CropScale,
        ImageMaxRotationDegrees = options.Image.MaxRotationDegrees,
        ImageBrightness = options.Image.Brightness,
        ImageContrast = options.Image.Contrast,
        ImageSaturation = options.Image.Saturation,
    };

    public AugmentationOptions ToOptions() => new()
    {
        Text = new TextAugmentationOptions
        {
            DeletionProbability = TextDeletionProbability, SwapProbability = TextSwapProbability, TypoProbability = TextTypoProbability,
        },
        Image = new ImageAugmentationOptions
        {
            HorizontalFlip = ImageHorizontalFlip, VerticalFlip = ImageVerticalFlip, CropScale = ImageCropScale,
            MaxRotationDegrees = ImageMaxRotationDegrees, Brightness = ImageBrightness, Contrast = ImageContrast, Saturation = ImageSaturation,
        },
    };
}
