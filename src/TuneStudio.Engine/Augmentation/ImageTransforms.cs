namespace TuneStudio.Engine.Augmentation;

// The image transforms augmentation draws from, each a pure function of its arguments. Values stay within 0–255.
public static class ImageTransforms
{
    public static ImagePixels FlipHorizontal(ImagePixels image) =>
        Remap(image, (y, x) => (y, image.Width - 1 - x));

    public static ImagePixels FlipVertical(ImagePixels image) =>
        Remap(image, (y, x) => (image.Height - 1 - y, x));

    // The window (top, left, height, width), stretched bilinearly back to the image's own size.
    public static ImagePixels CropResized(ImagePixels image, int top, int left, int height, int width)
    {
        if (height == image.Height && width == image.Width) return image with { Values = (float[])image.Values.Clone() };
        var output = image.Blank();
        double scaleY = (double)height / image.Height, scaleX = (double)width / image.Width;
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
        {
            // Pixel centres map as interpolate(align_corners: false) maps them, clamped to the window's edge.
            var sourceY = Math.Clamp(top + (y + 0.5) * scaleY - 0.5, top, top + height - 1);
            var sourceX = Math.Clamp(left + (x + 0.5) * scaleX - 0.5, left, left + width - 1);
            for (var c = 0; c < image.Channels; c++)
                output.Values[(y * image.Width + x) * image.Channels + c] = image.Sample(sourceY, sourceX, c);
        }
        return output;
    }

    // Counter-clockwise by `degrees` about the centre, bilinear; corners that come from outside the image are black.
    public static ImagePixels Rotate(ImagePixels image, double degrees)
    {
        if (degrees == 0) return image with { Values = (float[])image.Values.Clone() };
        var radians = degrees * Math.PI / 180;
        var (sin, cos) = Math.SinCos(radians);
        var centreY = (image.Height - 1) / 2.0;
        var centreX = (image.Width - 1) / 2.0;
        var output = image.Blank();
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
        {
            // Inverse mapping: where in the source does this output pixel come from (y grows downwards).
            var dy = y - centreY;
            var dx = x - centreX;
            var sourceX = cos * dx - sin * dy + centreX;
            var sourceY = sin * dx + cos * dy + centreY;
            for (var c = 0; c < image.Channels; c++)
                output.Values[(y * image.Width + x) * image.Channels + c] = image.Sample(sourceY, sourceX, c);
        }
        return output;
    }

    public static ImagePixels AdjustBrightness(ImagePixels image, double factor) =>
        Map(image, (value, _, _) => value * factor);

    // Blends with the image's mean grey level, as torchvision's adjust_contrast does.
    public static ImagePixels AdjustContrast(ImagePixels image, double factor)
    {
        var mean = Enumerable.Range(0, image.Width * image.Height).Average(pixel => Grey(image, pixel));
        return Map(image, (value, _, _) => (value - mean) * factor + mean);
    }

    // Blends each pixel with its own grey level; a grey image has no saturation to change.
    public static ImagePixels AdjustSaturation(ImagePixels image, double factor) =>
        image.Channels < 3 ? image with { Values = (float[])image.Values.Clone() } : Map(image, (value, pixel, _) =>
        {
            var grey = Grey(image, pixel);
            return (value - grey) * factor + grey;
        });

    private static double Grey(ImagePixels image, int pixel)
    {
        var at = pixel * image.Channels;
        return image.Channels < 3
            ? image.Values[at]
            : 0.299 * image.Values[at] + 0.587 * image.Values[at + 1] + 0.114 * image.Values[at + 2];
    }

    private static ImagePixels Map(ImagePixels image, Func<double, int, int, double> change)
    {
        var output = image.Blank();
        for (var pixel = 0; pixel < image.Width * image.Height; pixel++)
        for (var c = 0; c < image.Channels; c++)
        {
            var at = pixel * image.Channels + c;
            output.Values[at] = (float)Math.Clamp(change(image.Values[at], pixel, c), 0, 255);
        }
        return output;
    }

    private static ImagePixels Remap(ImagePixels image, Func<int, int, (int Y, int X)> source)
    {
        var output = image.Blank();
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
        {
            var (sourceY, sourceX) = source(y, x);
            Array.Copy(image.Values, (sourceY * image.Width + sourceX) * image.Channels,
                output.Values, (y * image.Width + x) * image.Channels, image.Channels);
        }
        return output;
    }
}
