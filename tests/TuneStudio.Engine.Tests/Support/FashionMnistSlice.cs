namespace TuneStudio.Engine.Tests.Support;

// tests/data/fashion-mnist-*.bin: records of one label byte then 784 grey pixels (28×28), see tests/data/README.md.
public static class FashionMnistSlice
{
    public const int Side = 28;
    public const int ClassCount = 10;

    public static (byte[] Pixels, long[] Labels) Train() => Read("fashion-mnist-train-300.bin");

    public static (byte[] Pixels, long[] Labels) Validation() => Read("fashion-mnist-val-100.bin");

    private static (byte[] Pixels, long[] Labels) Read(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestData.RepositoryRoot, "tests", "data", file));
        const int record = 1 + Side * Side;
        if (bytes.Length % record != 0) throw new InvalidDataException($"{file} is not a whole number of {record}-byte records.");
        var count = bytes.Length / record;
        var pixels = new byte[count * Side * Side];
        var labels = new long[count];
        for (var index = 0; index < count; index++)
        {
            labels[index] = bytes[index * record];
            bytes.AsSpan(index * record + 1, Side * Side).CopyTo(pixels.AsSpan(index * Side * Side));
        }
        return (pixels, labels);
    }
}
