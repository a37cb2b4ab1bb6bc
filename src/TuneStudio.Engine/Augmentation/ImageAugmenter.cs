namespace TuneStudio.Engine.Augmentation;

// Training-time image augmentation: random crop (resized back), flips, a small rotation, then brightness, contrast
// and saturation jitter, each drawn from the example's own AugmentationRandom in that fixed order. The image recipe
// applies it to training batches only, never to validation.
public static class ImageAugmenter
{
    // One augmented copy of the image; the input is left as it is.
    public static ImagePixels Apply(ImagePixels image, ImageAugmentationOptions options, ref AugmentationRandom random)
    {
        if (!options.Enabled) return image;
        var output = image;
        if (options.CropScale < 1)
        {
            var height = Math.Max(1, (int)Math.Round(image.Height * options.CropScale));
            var width = Math.Max(1, (int)Math.Round(image.Width * options.CropScale));
            var top = random.Next(image.Height - height + 1);
            var left = random.Next(image.Width - width + 1);
            output = ImageTransforms.CropResized(output, top, left, height, width);
        }
        if (options.HorizontalFlip && random.Coin()) output = ImageTransforms.FlipHorizontal(output);
        if (options.VerticalFlip && random.Coin()) output = ImageTransforms.FlipVertical(output);
        if (options.MaxRotationDegrees > 0)
            output = ImageTransforms.Rotate(output, random.Uniform(-options.MaxRotationDegrees, options.MaxRotationDegrees));
        if (options.Brightness > 0)
            output = ImageTransforms.AdjustBrightness(output, random.Uniform(1 - options.Brightness, 1 + options.Brightness));
        if (options.Contrast > 0)
            output = ImageTransforms.AdjustContrast(output, random.Uniform(1 - options.Contrast, 1 + options.Contrast));
        if (options.Saturation > 0)
            output = ImageTransforms.AdjustSaturation(output, random.Uniform(1 - options.Saturation, 1 + options.Saturation));
        return output;
    }

    // What training would show of one image: `count` augmented copies (as bytes, same size and channels), the i-th as
    // the i-th epoch of a run with this seed would see the example at `index`.
    public static IReadOnlyList<byte[]> Preview(byte[] pixels, int width, int height, int channels, ImageAugmentationOptions options, int seed, int count, int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var image = ImagePixels.FromBytes(pixels, width, height, channels);
        return Enumerable.Range(1, count).Select(epoch =>
        {
            var random = new AugmentationRandom(seed, epoch, index);
            return Apply(image, options, ref random).ToBytes();
        }).ToList();
    }
}
