namespace TuneStudio.Web.Components.Layout;

// Which palette the server renders a page in, from the cookies wwwroot/js/theme.js writes: the user's choice
// (studio-theme) wins over the browser's preference (studio-system-theme); with neither, light, and theme.js darkens
// the page before its first paint when the browser prefers dark.
public static class StudioTheme
{
    public const string ChoiceCookie = "studio-theme", SystemCookie = "studio-system-theme";

    public static bool IsDark(IRequestCookieCollection cookies) =>
        (cookies[ChoiceCookie] ?? cookies[SystemCookie]) == "dark";
}
