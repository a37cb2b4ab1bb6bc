using System.Globalization;

namespace TuneStudio.Web.Components.Controls;

// The one way a page writes a moment: ISO 8601 in UTC, to the second, e.g. "2026-12-02 13:45:07Z" — the same for
// every viewer whatever their machine's zone, and the form the API and the CSV export use.
public static class StudioTime
{
    public const string Pattern = "yyyy-MM-dd HH:mm:ss'Z'";

    // LiteDB hands dates back in local time; an unspecified kind is taken as UTC (the studio stores only UTC).
    public static string Format(DateTime time) => (time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    }).ToString(Pattern, CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static string Format(DateTime? time, string none) => time is { } t ? Format(t) : none;
}
