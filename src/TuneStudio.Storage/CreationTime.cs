namespace TuneStudio.Storage;

/// <summary>
/// Creation times for new records. LiteDB keeps milliseconds, so times are cut to the millisecond up front (what a
/// caller holds equals what it reads back), and each is kept later than the newest one stored so that "newest first"
/// and "oldest first" follow creation order even for records made within the same millisecond.
/// </summary>
internal static class CreationTime
{
    public static DateTime After(DateTime? newestStored)
    {
        var now = ToMilliseconds(DateTime.UtcNow);
        return newestStored is { } newest && now <= newest ? newest.AddMilliseconds(1) : now;
    }

    public static DateTime ToMilliseconds(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
