using System.Globalization;

namespace TuneStudio.Engine;

public enum ByteUnit
{
    Bytes,
    KiB,
    MiB,
    GiB,
}

// The one way the studio writes a size (pages, run messages, problems): binary units, KiB/MiB/GiB, one decimal.
// It lives in the engine because the engine's own messages ("Saved checkpoint … (1.2 MiB)") use it too, and the
// web project, which formats every other size, references the engine.
public static class ByteSize
{
    // The largest unit in which the size is at least 1 (bytes below 1 KiB).
    public static ByteUnit UnitFor(long bytes)
    {
        var size = Math.Abs(bytes);
        return size >= 1L << 30 ? ByteUnit.GiB : size >= 1L << 20 ? ByteUnit.MiB : size >= 1L << 10 ? ByteUnit.KiB : ByteUnit.Bytes;
    }

    public static string Format(long bytes) => Format(bytes, UnitFor(bytes));

    // In a given unit: a message quoting several sizes writes them all in the unit of its largest.
    public static string Format(long bytes, ByteUnit unit) => unit == ByteUnit.Bytes
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << (10 * (int)unit)):N1} {unit}");
}
