using Microsoft.AspNetCore.Components;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Components.Controls;

// Image transforms on a handful of a version's images, with options and a seed the user picks; starts with mild
// transforms so the panel shows something at once. The rules are the run config's, so what previews here is what a
// run accepts. The images arrive as PNG data URLs from ImageAugmentationPreviews, the API's source too.
public sealed partial class ImageAugmentationPreview
{
    private const int Images = 4;
    private const int Copies = 5;
    private const int DisplaySide = 84; // 28×28 Fashion-MNIST at 3×; larger images shrink to it

    [Inject] public required ImageAugmentationPreviews Previews { get; init; }

    [Parameter, EditorRequired] public required string DatasetId { get; set; }
    [Parameter, EditorRequired] public required int Version { get; set; }

    private bool _horizontalFlip = true;
    private bool _verticalFlip;
    private double _cropScale = 0.85;
    private double _rotation = 10;
    private double _brightness = 0.2;
    private double _contrast = 0.2;
    private double _saturation;
    private int _seed = new ImageAugmentationPreviewRequest().Seed;
    private ImageAugmentationSamples? _preview;
    private IReadOnlyList<FieldError> _errors = [];
    private (string, int)? _shown;

    protected override void OnParametersSet()
    {
        if (_shown == (DatasetId, Version)) return;
        _shown = (DatasetId, Version);
        Show();
    }

    private void Show()
    {
        var request = new ImageAugmentationPreviewRequest
        {
            Image = new ImageAugmentationOptions
            {
                HorizontalFlip = _horizontalFlip, VerticalFlip = _verticalFlip, CropScale = _cropScale, MaxRotationDegrees = _rotation,
                Brightness = _brightness, Contrast = _contrast, Saturation = _saturation,
            },
            Seed = _seed, Count = Copies,
        };
        _errors = request.Validate();
        if (_errors.Count == 0) _preview = Previews.Preview(DatasetId, Version, request, Images);
    }

    private string? ErrorFor(string field) => _errors.FirstOrDefault(error => error.Field == field)?.Message;

    // Whole multiples of small images keep their pixels square; big ones are shown at the display side.
    private static int Side(AugmentedImage image)
    {
        var longest = Math.Max(image.Width, image.Height);
        return longest >= DisplaySide ? DisplaySide : longest * (DisplaySide / longest);
    }
}
