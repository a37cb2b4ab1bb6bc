using System.Collections;
using System.Text;

namespace TuneStudio.Engine.Configuration;

// docs/api.md's run-config table, written from the description, so the docs say exactly the defaults and ranges
// that validation enforces (ConfigFieldTableTests fails when the file's copy differs).
public static class ConfigFieldTable
{
    public const string StartMarker = "<!-- run-config-table: generated from TrainingConfigFields; ConfigFieldTableTests prints it -->";
    public const string EndMarker = "<!-- /run-config-table -->";

    public static string Markdown()
    {
        var table = new StringBuilder();
        table.Append("| Group | Field | Default | Allowed | Applies to | Meaning |\n");
        table.Append("|---|---|---|---|---|---|\n");
        foreach (var group in TrainingConfigFields.Groups)
        foreach (var field in TrainingConfigFields.InGroup(group))
            table.Append($"| {group} | `{field.Path}` | {Default(field)} | {Allowed(field)} | {AppliesTo(field)} | {Escape(field.Help)} |\n");
        return table.ToString();
    }

    public static string DefaultText(ConfigField field) => field.Default switch
    {
        null => $"empty ({field.EmptyMeans})",
        bool b => b ? "true" : "false",
        Enum e => ConfigField.ApiName(e),
        string s => s,
        double d => ConfigRange.Format(d),
        int i => ConfigRange.Format(i),
        IEnumerable list => "[" + string.Join(", ", list.Cast<object>()) + "]",
        var other => other.ToString() ?? "",
    };

    public static string AllowedText(ConfigField field)
    {
        var text = field.Kind switch
        {
            ConfigFieldKind.Choice => string.Join(", ", field.Choices.Select(choice => choice.Name)),
            ConfigFieldKind.List => $"at most {ConfigField.MaxListEntries} names of at most {ConfigField.MaxTextLength} characters",
            ConfigFieldKind.Text or ConfigFieldKind.Metric => $"at most {ConfigField.MaxTextLength} characters",
            ConfigFieldKind.Boolean => "true, false",
            _ when field.Range is { } range => range.Describe() + (field.NarrowedBy is { } narrower ? $", and at most {narrower}" : ""),
            _ => "any",
        };
        return field.Nullable ? $"{text}, or empty" : text;
    }

    public static string AppliesToText(ConfigField field)
    {
        var parts = new List<string>();
        if (field.Methods is { } methods) parts.Add(string.Join(", ", methods.Select(m => ConfigField.ApiName(m))));
        if (field.Tasks is { } tasks) parts.Add(string.Join(", ", tasks));
        if (field.WhenText is { } when) parts.Add(when);
        return parts.Count == 0 ? "every run" : string.Join("; ", parts);
    }

    private static string Default(ConfigField field) => field.Default is null ? DefaultText(field) : $"`{DefaultText(field)}`";

    private static string Allowed(ConfigField field) => Escape(AllowedText(field));

    private static string AppliesTo(ConfigField field) => Escape(AppliesToText(field));

    private static string Escape(string text) => text.Replace("|", "\\|");
}
