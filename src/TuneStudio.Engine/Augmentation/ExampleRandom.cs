namespace TuneStudio.Engine.Augmentation;

// The random choices for one example in one epoch, as a pure function of (seed, epoch, example index): SplitMix64,
// whose whole state is one number. An augmenter draws from a fresh one per example, so a resumed run re-creates
// exactly the noise an uninterrupted run would have seen, with no generator state in the checkpoint, and the noise
// does not depend on batch size, data order or how many draws other examples took.
public struct ExampleRandom
{
    private ulong state;

    public ExampleRandom(int seed, int epoch, int exampleIndex)
    {
        // A salt keeps these streams apart from DataOrder's, which mixes (seed, epoch) the same way.
        state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch * 0xD1B54A32D192ED03UL ^
                (ulong)(uint)exampleIndex * 0xA0761D6478BD642FUL ^ 0x5851F42D4C957F2DUL;
        NextUInt64(); // one warm-up draw spreads nearby keys apart
    }

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1), with 53 random bits.
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    // Uniform in [0, count); the modulo bias is below 2^-50 for the small counts augmentation uses.
    public int Next(int count) => (int)(NextUInt64() % (ulong)count);

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;
}
