using TuneStudio.Engine.Augmentation;

namespace TuneStudio.Engine.Tests.Augmentation;

// Each transform does what its name says on a small synthetic image, and a seed fixes what augmentation draws.
public class ImageAugmenterTests
{
    // 4 wide, 3 high, RGB: pixel (y, x) is (10y + x, 100, 200 - x).
    private static ImagePixels Gradient()
    {
        var values = new float[3 * 4 * 3];
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 4; x++)
        {
            var at = (y * 4 + x) * 3;
            values[at] = 10 * y + x;
            values[at + 1] = 100;
            values[at + 2] = 200 - x;
        }
        return new ImagePixels(values, 4, 3, 3);
    }

    [Fact]
    public void Horizontal_flip_mirrors_each_row_and_vertical_flip_each_column()
    {
        var image = Gradient();
        var horizontal = ImageTransforms.FlipHorizontal(image);
        var vertical = ImageTransforms.FlipVertical(image);
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 4; x++)
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(image.At(y, 3 - x, c), horizontal.At(y, x, c));
            Assert.Equal(image.At(2 - y, x, c), vertical.At(y, x, c));
        }
    }

    [Fact]
    public void Rotation_by_zero_is_the_identity_and_a_quarter_turn_moves_pixels_round_the_centre()
    {
        var image = Gradient();
        Assert.Equal(image.Values, ImageTransforms.Rotate(image, 0).Values);

        var square = new ImagePixels(new float[9], 3, 3, 1);
        square.Values[1] = 255; // top middle
        var turned = ImageTransforms.Rotate(square, 90);
        // Counter-clockwise: the top middle pixel goes to the middle of the left column.
        Assert.Equal(255, turned.At(1, 0, 0), 3);
        Assert.Equal(0, turned.At(0, 1, 0), 3);
    }

    [Fact]
    public void Brightness_scales_values_and_clamps_at_255()
    {
        var image = Gradient();
        var brighter = ImageTransforms.AdjustBrightness(image, 1.5);
        Assert.Equal(image.At(2, 3, 0) * 1.5f, brighter.At(2, 3, 0), 3);
        Assert.Equal(150, brighter.At(0, 0, 1), 3);
        Assert.Equal(255, brighter.At(0, 0, 2)); // 200 × 1.5 clamps
    }

    [Fact]
    public void Contrast_spreads_values_around_the_mean_and_saturation_zero_makes_grey()
    {
        var image = Gradient();
        var flat = ImageTransforms.AdjustContrast(image, 0);
        Assert.All(flat.Values, value => Assert.Equal(flat.Values[0], value, 3));
        var grey = ImageTransforms.AdjustSaturation(image, 0);
        Assert.Equal(grey.At(1, 2, 0), grey.At(1, 2, 1), 3);
        Assert.Equal(grey.At(1, 2, 0), grey.At(1, 2, 2), 3);
    }

    [Fact]
    public void Crop_keeps_the_size_and_shows_only_the_window()
    {
        var image = Gradient();
        var cropped = ImageTransforms.CropResized(image, top: 1, left: 2, height: 2, width: 2);
        Assert.Equal((4, 3, 3), (cropped.Width, cropped.Height, cropped.Channels));
        Assert.All(Enumerable.Range(0, 12), pixel => Assert.InRange(cropped.Values[pixel * 3], 12, 23)); // rows 1–2, columns 2–3
    }

    [Fact]
    public void Same_seed_gives_the_same_augmentation_and_other_epochs_or_examples_differ()
    {
        var options = new ImageAugmentationOptions
        {
            HorizontalFlip = true, VerticalFlip = true, CropScale = 0.8, MaxRotationDegrees = 15, Brightness = 0.3, Contrast = 0.3, Saturation = 0.3,
        };
        var pixels = Enumerable.Range(0, 8 * 8 * 3).Select(i => (byte)(i * 7)).ToArray();

        var first = ImageAugmenter.Preview(pixels, 8, 8, 3, options, seed: 4, count: 3);
        var again = ImageAugmenter.Preview(pixels, 8, 8, 3, options, seed: 4, count: 3);
        var other = ImageAugmenter.Preview(pixels, 8, 8, 3, options, seed: 5, count: 3);

        Assert.Equal(first, again);
        Assert.NotEqual(first[0], first[1]);
        Assert.NotEqual(first[0], other[0]);
        Assert.All(first, copy => Assert.Equal(pixels.Length, copy.Length));
        Assert.Equal(pixels, ImageAugmenter.Preview(pixels, 8, 8, 3, new ImageAugmentationOptions(), seed: 4, count: 1)[0]);
    }
}
