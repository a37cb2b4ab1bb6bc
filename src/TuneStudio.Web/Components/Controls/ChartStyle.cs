using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace TuneStudio.Web.Components.Controls;

// What every chart of the studio shares: Plotly's toolbar, transparent backgrounds (the page's theme shows through;
// studio.css recolours text and grid lines in dark mode) and text that Plotly never reads as markup.
public static class ChartStyle
{
    // Plotly reads a subset of HTML in titles, tick labels, legend names and hover templates (`<a href>` becomes a
    // link, `<b>` bold, `&lt;` a "<"); escaping `&`, `<` and `>` makes a dataset's label or a run's name show exactly
    // as typed. Quotes stay: Plotly decodes only a few named entities, and `&quot;` would show as written.
    public static string PlainText(string? text) => (text ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    // Zoom, pan, autoscale, reset and "download as PNG" stay; box and lasso selection mean nothing on these charts.
    public static Config Toolbar(string fileName) => new()
    {
        DisplayLogo = false,
        Responsive = true,
        DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.Hover,
        ModeBarButtonsToRemove = new[] { "select2d", "lasso2d" },
        ToImageButtonOptions = new { format = "png", filename = FileName(fileName) },
    };

    public const string Transparent = "rgba(0,0,0,0)";

    public static Title Title(string text) => new() { Text = PlainText(text) };

    private static string FileName(string title)
    {
        var name = new string(title.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        while (name.Contains("--")) name = name.Replace("--", "-");
        return name.Length == 0 ? "chart" : name;
    }
}
