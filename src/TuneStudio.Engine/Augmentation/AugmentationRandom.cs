namespace TuneStudio.Engine.Augmentation;

// SplitMix64 seeded from (seed, epoch, example index): every example of every epoch gets its own stream, so a resumed
// run augments each example exactly as the uninterrupted run did, with no generator state to save, and training
// never draws from torch's generator (which dropout uses) for augmentation.
public struct AugmentationRandom
{
    private ulong state;

    public AugmentationRandom(int seed, int epoch, int index)
    {
        state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch * 0xD1B54A32D192ED03UL ^ (ulong)(uint)index * 0xC2B2AE3D27D4EB4FUL;
        NextUInt64(); // decorrelate neighbouring seeds
    }

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1).
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    // Uniform in [low, high].
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    public bool Coin() => (NextUInt64() & 1) == 1;

    // Uniform in [0, exclusiveMax).
    public int Next(int exclusiveMax) => (int)(NextUInt64() % (ulong)exclusiveMax);
}
