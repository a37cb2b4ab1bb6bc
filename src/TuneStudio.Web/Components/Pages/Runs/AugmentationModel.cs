using TuneStudio.Engine.Augmentation;

namespace TuneStudio.Web.Components.Pages.Runs;

// The run dialog's editable copy of AugmentationOptions. Options the dialog has no fields for yet (the image
// transforms) pass through unchanged, so a fork keeps its parent's image augmentation.
public sealed class AugmentationModel
{
    public double TextDeletionProbability { get; set; }
    public double TextSwapProbability { get; set; }
    public double TextTypoProbability { get; set; }
    public ImageAugmentationOptions Image { get; set; } = new();

    public static AugmentationModel From(AugmentationOptions options) => new()
    {
        TextDeletionProbability = options.Text.DeletionProbability,
        TextSwapProbability = options.Text.SwapProbability,
        TextTypoProbability = options.Text.TypoProbability,
        Image = options.Image,
    };

    public AugmentationOptions ToOptions() => new()
    {
        Text = new TextAugmentationOptions
        {
            DeletionProbability = TextDeletionProbability, SwapProbability = TextSwapProbability, TypoProbability = TextTypoProbability,
        },
        Image = Image,
    };
}
