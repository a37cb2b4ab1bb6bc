using System.Globalization;
using System.Text.Json;

namespace TuneStudio.Engine.Configuration;

// What kind of control a field needs and how its value is judged; Metric is a text that names one of the run's
// task's metrics, so a form can offer the list instead of free text.
public enum ConfigFieldKind { Text, Number, Integer, Boolean, Choice, List, Metric }

// An allowed numeric interval. Bounds are part of the description, so the docs and the form say the same numbers
// that validation enforces.
public sealed record ConfigRange(double Min, double Max, bool MinInclusive = true, bool MaxInclusive = true, string? Unit = null)
{
    // NaN fails every comparison, so it is never inside.
    public bool Contains(double value) =>
        (MinInclusive ? value >= Min : value > Min) && (MaxInclusive ? value <= Max : value < Max);

    public string Describe()
    {
        var unit = Unit is null ? "" : " " + Unit;
        return (MinInclusive, MaxInclusive) switch
        {
            (true, true) => $"between {Format(Min)} and {Format(Max)}{unit}",
            (false, true) => $"above {Format(Min)} and at most {Format(Max)}{unit}",
            (true, false) => $"at least {Format(Min)} and below {Format(Max)}{unit}",
            _ => $"between {Format(Min)} and {Format(Max)}{unit} (exclusive)",
        };
    }

    // Plain notation everywhere (the dialog once showed "40μ"): thousands separated, decimals written out.
    // Past a trillion the digits stop helping: 1e30.
    public static string Format(double value) =>
        Math.Abs(value) >= 1e12 ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
        : value == Math.Floor(value) ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.##############", CultureInfo.InvariantCulture);
}

// One TrainingConfig field as the API, the run dialog, validation and docs/api.md see it. The getter and the
// with-based setter let one generic control edit any field of an immutable config.
public sealed record ConfigField
{
    // Lists and texts are bounded so a request cannot make the studio hold or match arbitrarily much.
    public const int MaxListEntries = 256;
    public const int MaxTextLength = 200;

    public required string Path { get; init; }
    public required string Group { get; init; }
    public required string Label { get; init; }
    public required string Help { get; init; }
    public required ConfigFieldKind Kind { get; init; }
    public required Type ValueType { get; init; }
    public required Func<TrainingConfig, object?> Get { get; init; }
    public required Func<TrainingConfig, object?, TrainingConfig> Set { get; init; }

    public ConfigRange? Range { get; init; }

    // Null is a valid value, and this says what it means ("the main rate").
    public string? EmptyMeans { get; init; }

    // The option object the field lives in ("lora"), checked for presence before the field is read.
    public string? Parent { get; init; }

    // Null: every method / every task.
    public IReadOnlyList<FineTuneMethod>? Methods { get; init; }
    public IReadOnlyList<string>? Tasks { get; init; }

    // Further condition on the rest of the config (momentum only for SGD), with the words the docs use for it.
    public Func<TrainingConfig, bool>? When { get; init; }
    public string? WhenText { get; init; }

    // The model narrows the range further (its sequence limit, image size or layer width), in TrainingConfig.Validate.
    public string? NarrowedBy { get; init; }

    // The range is only meaningful where the field applies (an image run has no sequence length to judge).
    public bool CheckedOnlyWhereItApplies { get; init; }

    // Replaces the message built from Label and Range where the field's own words say more.
    public string? RangeMessage { get; init; }

    public bool Nullable => EmptyMeans is not null;

    // Read from a fresh config, so a default is written once, in TrainingConfig.
    public object? Default => Get(new TrainingConfig());

    // Choice fields: each value with the name the API spells (camelCase, as the JSON enum converter writes it).
    public IReadOnlyList<(object Value, string Name)> Choices =>
        Kind == ConfigFieldKind.Choice
            ? Enum.GetValues(System.Nullable.GetUnderlyingType(ValueType) ?? ValueType).Cast<object>().Select(v => (v, ApiName(v))).ToList()
            : [];

    public bool AppliesTo(TrainingConfig config) =>
        (Methods is null || Methods.Contains(config.Method)) &&
        (Tasks is null || Tasks.Contains(config.Task)) &&
        (When is null || When(config));

    public static string ApiName(object enumValue) => JsonNamingPolicy.CamelCase.ConvertName(enumValue.ToString()!);

    // The field's own rule on its own value; rules that relate fields stay in TrainingConfig.Validate.
    public ConfigError? Check(TrainingConfig config)
    {
        var value = Get(config);
        if (value is null)
            return Nullable ? null : new ConfigError(Path, $"{Label} is required.");

        switch (Kind)
        {
            case ConfigFieldKind.Number or ConfigFieldKind.Integer when Range is not null:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return Range.Contains(number) ? null : new ConfigError(Path, RangeMessage ?? RangeText());
            case ConfigFieldKind.Choice:
                return Enum.IsDefined(value.GetType(), value)
                    ? null
                    : new ConfigError(Path, $"Unknown {Label.ToLowerInvariant()} '{value}': use {string.Join(", ", Choices.Select(c => c.Name))}.");
            case ConfigFieldKind.List:
                var entries = (IReadOnlyList<string>)value;
                if (entries.Count > MaxListEntries)
                    return new ConfigError(Path, $"{Label} lists {entries.Count:N0} entries; at most {MaxListEntries} are allowed.");
                var index = entries.ToList().FindIndex(entry => entry is { Length: > MaxTextLength });
                return index < 0 ? null : new ConfigError(Path, $"{Label}: entry {index + 1} is longer than {MaxTextLength} characters.");
            case ConfigFieldKind.Text or ConfigFieldKind.Metric:
                return value is string { Length: > MaxTextLength }
                    ? new ConfigError(Path, $"{Label} is longer than {MaxTextLength} characters.")
                    : null;
            default:
                return null;
        }
    }

    // "Epochs must be between 1 and 1,000." (plus what empty means for optional fields).
    public string RangeText() =>
        $"{Label} must be {Range!.Describe()}{(Nullable ? $" (or empty for {EmptyMeans})" : "")}.";
}
