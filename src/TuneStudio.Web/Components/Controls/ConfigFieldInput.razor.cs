using Microsoft.AspNetCore.Components;
using TuneStudio.Engine;
using TuneStudio.Engine.Configuration;

namespace TuneStudio.Web.Components.Controls;

// Edits one field of an immutable TrainingConfig through the description's setter and hands the new config back,
// so the form that hosts it never names a field's type or property.
public sealed partial class ConfigFieldInput
{
    // Decimals written out (0.00004, never 4E-05 or an SI prefix); enough places for an epsilon of 1e-12.
    private const string PlainFormat = "0.############";

    [Parameter, EditorRequired] public required ConfigField Field { get; set; }
    [Parameter, EditorRequired] public required TrainingConfig Config { get; set; }
    [Parameter] public EventCallback<TrainingConfig> ConfigChanged { get; set; }
    [Parameter] public string? Id { get; set; }

    // The server's message for this field, shown in place of the help.
    [Parameter] public string? Error { get; set; }

    // Replaces the description's help where the page knows more (what was measured for bfloat16 here).
    [Parameter] public string? Help { get; set; }

    // Why the field cannot be edited for this run; shown as its help.
    [Parameter] public string? DisabledReason { get; set; }

    // Metric fields: the run's task's metrics.
    [Parameter] public IReadOnlyList<string>? Options { get; set; }

    // Choice fields: how the page words a value ("LoRA" for lora); the API name otherwise.
    [Parameter] public Func<object, string>? ChoiceText { get; set; }

    private object? Value => Field.Get(Config);

    private bool IsNullable => Field.Nullable;

    private bool Disabled => DisabledReason is not null;

    // An arrow press moves a small default by its own order of magnitude (a rate of 0.001 by 0.001, not by 1).
    private double Step => Field.Default switch
    {
        double d when d > 0 && d < 1 => Math.Pow(10, Math.Floor(Math.Log10(d))),
        _ when Field.Range is { Max: <= 1 } => 0.01,
        _ => 1,
    };

    private string HelperText => DisabledReason ?? Help ?? (Field.Nullable ? $"{Field.Help} Empty: {Field.EmptyMeans}." : Field.Help);

    private string? ChoiceName => Value is null ? null : ConfigField.ApiName(Value);

    // A stored value the task does not list (a fork of another task's run) stays choosable rather than vanishing.
    private IEnumerable<string> MetricChoices =>
        Value is string current && !Options!.Contains(current) ? Options!.Append(current) : Options!;

    private string ListText => string.Join(", ", (IReadOnlyList<string>?)Value ?? []);

    private Task Changed(object? value) => ConfigChanged.InvokeAsync(Field.Set(Config, value));

    private Task ChoiceChanged(string name)
    {
        var type = Nullable.GetUnderlyingType(Field.ValueType) ?? Field.ValueType;
        return Changed(Enum.Parse(type, name, ignoreCase: true));
    }

    private Task ListChanged(string text) =>
        Changed((IReadOnlyList<string>)text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
