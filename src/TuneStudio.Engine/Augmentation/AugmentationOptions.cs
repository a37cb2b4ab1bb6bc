namespace TuneStudio.Engine.Augmentation;

// Training-time augmentation, part of the run config so a run records exactly what it saw. Every probability is
// per example; the run's seed drives the choices, so the same seed gives the same augmented batches.
public sealed record AugmentationOptions
{
    public TextAugmentationOptions Text { get; init; } = new();
    public ImageAugmentationOptions Image { get; init; } = new();

    public bool Enabled => Text.Enabled || Image.Enabled;
}

// EDA-style noise without a synonym list: drop words, swap neighbours, and keyboard-slip character typos.
public sealed record TextAugmentationOptions
{
    public double DeletionProbability { get; init; }     // each word dropped with this probability (never all of them)
    public double SwapProbability { get; init; }         // each word swapped with its right neighbour with this probability
    public double TypoProbability { get; init; }         // each letter replaced, dropped or doubled with this probability

    public bool Enabled => DeletionProbability > 0 || SwapProbability > 0 || TypoProbability > 0;
}

public sealed record ImageAugmentationOptions
{
    public bool HorizontalFlip { get; init; }            // with probability 0.5
    public bool VerticalFlip { get; init; }              // with probability 0.5
    public double CropScale { get; init; } = 1.0;        // random crop keeping this share of each side, resized back; 1 = off
    public double MaxRotationDegrees { get; init; }      // uniform in [-max, +max]
    public double Brightness { get; init; }              // colour jitter: factor uniform in [1 - b, 1 + b]
    public double Contrast { get; init; }                // factor uniform in [1 - c, 1 + c]
    public double Saturation { get; init; }              // factor uniform in [1 - s, 1 + s] (colour images only)

    public bool Enabled => HorizontalFlip || VerticalFlip || CropScale < 1 || MaxRotationDegrees > 0 ||
                           Brightness > 0 || Contrast > 0 || Saturation > 0;
}
