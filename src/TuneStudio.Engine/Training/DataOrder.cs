namespace TuneStudio.Engine.Training;

// The training order of each epoch as a pure function of (seed, epoch): a Fisher–Yates shuffle driven by
// SplitMix64, whose whole state is one number. A resumed run rebuilds the epoch's order and skips to its position,
// with no generator state to save; System.Random's algorithm is not promised to stay the same across .NET versions.
public static class DataOrder
{
    public static int[] ForEpoch(int seed, int epoch, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xD1B54A32D192ED03UL;
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
