namespace TuneStudio.Engine.Augmentation;

// An image as floats 0–255, rows of pixels with interleaved channels (height × width × channels), as decoders give
// them. Channels: 1 (grey) or 3 (RGB).
public sealed record ImagePixels(float[] Values, int Width, int Height, int Channels)
{
    public static ImagePixels FromBytes(byte[] pixels, int width, int height, int channels)
    {
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"{pixels.Length} bytes do not make a {width}×{height} image of {channels} channels.", nameof(pixels));
        return new ImagePixels(Array.ConvertAll(pixels, value => (float)value), width, height, channels);
    }

    public byte[] ToBytes() => Array.ConvertAll(Values, value => (byte)Math.Clamp(MathF.Round(value), 0, 255));

    public float At(int y, int x, int channel) => Values[(y * Width + x) * Channels + channel];

    public ImagePixels Blank() => this with { Values = new float[Values.Length] };

    // Bilinear sample at a real-valued position (pixel centres at integers); outside the image reads black.
    public float Sample(double y, double x, int channel)
    {
        var y0 = (int)Math.Floor(y);
        var x0 = (int)Math.Floor(x);
        var fy = y - y0;
        var fx = x - x0;
        double Read(int row, int column) =>
            row < 0 || row >= Height || column < 0 || column >= Width ? 0 : At(row, column, channel);
        return (float)((1 - fy) * ((1 - fx) * Read(y0, x0) + fx * Read(y0, x0 + 1)) +
                       fy * ((1 - fx) * Read(y0 + 1, x0) + fx * Read(y0 + 1, x0 + 1)));
    }
}
