using System.Reflection;
using System.Text.Json;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Configuration;

namespace TuneStudio.Engine.Tests.Configuration;

// The description is the one place a field's range lives: every range it states is the range Validate enforces,
// on exactly that field, and every config field is described.
public class TrainingConfigFieldsTests
{
    public static TheoryData<string> RangedFields()
    {
        var data = new TheoryData<string>();
        foreach (var field in TrainingConfigFields.All.Where(field => field.Range is not null)) data.Add(field.Path);
        return data;
    }

    public static TheoryData<string> ListFields()
    {
        var data = new TheoryData<string>();
        foreach (var field in TrainingConfigFields.All.Where(field => field.Kind == ConfigFieldKind.List)) data.Add(field.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(RangedFields))]
    public void A_value_just_outside_a_described_bound_is_refused_on_that_field_and_one_just_inside_is_accepted(string path)
    {
        var field = TrainingConfigFields.Get(path);
        var range = field.Range!;
        var integer = field.Kind == ConfigFieldKind.Integer;
        double Below(double v) => integer ? v - 1 : Math.BitDecrement(v);
        double Above(double v) => integer ? v + 1 : Math.BitIncrement(v);

        var outside = new[] { range.MinInclusive ? Below(range.Min) : range.Min, range.MaxInclusive ? Above(range.Max) : range.Max };
        var inside = new[] { range.MinInclusive ? range.Min : Above(range.Min), range.MaxInclusive ? range.Max : Below(range.Max) };

        foreach (var value in outside.Where(v => Representable(field, v)))
        {
            var errors = With(field, value).Validate();
            Assert.True(errors.Count == 1 && errors[0].Field == path, $"{path} = {value}: {Describe(errors)}");
        }
        foreach (var value in inside)
        {
            var config = With(field, value);
            Assert.Null(field.Check(config));
            var errors = config.Validate();
            if (field.NarrowedBy is null)
                Assert.True(errors.Count == 0, $"{path} = {value}: {Describe(errors)}");
            else
                Assert.All(errors, error => Assert.Equal(path, error.Field)); // only the model's narrower bound may refuse it
        }
    }

    [Theory]
    [MemberData(nameof(ListFields))]
    public void A_list_over_its_entry_or_length_limit_is_refused_on_that_field(string path)
    {
        var field = TrainingConfigFields.Get(path);
        var entry = field.Path == "frozenParameterPatterns" ? "embeddings.*" : "value";

        Assert.Empty(With(field, Enumerable.Repeat(entry, ConfigField.MaxListEntries).ToList()).Validate());
        Assert.Equal([path], Fields(With(field, Enumerable.Repeat(entry, ConfigField.MaxListEntries + 1).ToList())));
        Assert.Empty(With(field, new List<string> { entry, new('k', ConfigField.MaxTextLength) }).Validate());
        Assert.Equal([path], Fields(With(field, new List<string> { entry, new('k', ConfigField.MaxTextLength + 1) })));
    }

    [Theory]
    [InlineData("epochs", 1_000_001)]
    [InlineData("epochs", 1_001)]
    [InlineData("batchSize", 4_097)]
    [InlineData("gradientAccumulationSteps", 1_025)]
    [InlineData("lora.rank", 257)]
    [InlineData("lora.rank", 1_000_000)]
    public void Spot_checks_of_the_documented_limits(string path, int value)
    {
        var config = new TrainingConfig { Model = "minilm-l6", Method = FineTuneMethod.Lora, LearningRate = 1e-4 };
        var changed = TrainingConfigFields.Get(path).Set(config, value);

        Assert.Empty(config.Validate());
        Assert.Equal([path], Fields(changed));
    }

    [Fact]
    public void A_LoRA_rank_above_the_adapted_layers_width_is_refused_naming_the_width()
    {
        // The tiny transformer's layers are 64 wide (TinyTransformerShape.Hidden).
        var error = Assert.Single(new TrainingConfig { Method = FineTuneMethod.Lora, Lora = new LoraOptions { Rank = 65 } }.Validate());

        Assert.Equal("lora.rank", error.Field);
        Assert.Contains("at most 64", error.Message);
        Assert.Empty(new TrainingConfig { Method = FineTuneMethod.Lora, Lora = new LoraOptions { Rank = 64 } }.Validate());
        Assert.Empty(new TrainingConfig { Method = FineTuneMethod.Full, Lora = new LoraOptions { Rank = 65 } }.Validate());
    }

    [Fact]
    public void Messages_name_the_range_in_plain_numbers()
    {
        var error = Assert.Single(new TrainingConfig { Epochs = 1_000_001 }.Validate());

        Assert.Equal("Epochs must be between 1 and 1,000.", error.Message);
        Assert.Equal("0.00004", ConfigRange.Format(4e-5));
        Assert.Equal("0.00000001", ConfigRange.Format(1e-8));
    }

    [Fact]
    public void Every_config_property_is_described_once()
    {
        var described = TrainingConfigFields.All.Select(field => field.Path).ToList();

        Assert.Equal(described.Count, described.Distinct().Count());
        Assert.Equal(LeafPaths(typeof(TrainingConfig), "").Order(), described.Order());
    }

    [Fact]
    public void Each_field_reads_its_default_from_a_fresh_config_and_writes_back_what_it_reads()
    {
        var defaults = new TrainingConfig();
        var json = JsonSerializer.Serialize(defaults);
        foreach (var field in TrainingConfigFields.All)
        {
            Assert.Equal(json, JsonSerializer.Serialize(field.Set(defaults, field.Default)));
        }
        Assert.Equal(new TrainingConfig().Epochs, TrainingConfigFields.Get("epochs").Default);
        Assert.Equal(new LoraOptions().TargetModules, TrainingConfigFields.Get("lora.targetModules").Default);
    }

    // The JSON paths of every settable property, nested option records included; computed properties ("enabled" of
    // augmentation groups) have no setter and are not fields.
    private static IEnumerable<string> LeafPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var plain = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (plain.IsClass && plain != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(plain))
                foreach (var nested in LeafPaths(plain, path + ".")) yield return nested;
            else
                yield return path;
        }
    }

    // A config the field applies to, with a model that takes every method of that task.
    private static TrainingConfig Base(ConfigField field)
    {
        var task = field.Tasks?[0] ?? TaskNames.TextClassification;
        var config = new TrainingConfig
        {
            Task = task,
            Model = task == TaskNames.ImageClassification ? "resnet18" : "minilm-l6",
            Method = field.Methods?[0] ?? FineTuneMethod.Full,
            LearningRate = 1e-4,
        };
        return field.When is { } when && !when(config) ? config with { Optimizer = OptimizerKind.Sgd } : config;
    }

    private static TrainingConfig With(ConfigField field, object value)
    {
        var plain = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        var typed = plain == typeof(int) ? Convert.ToInt32(value) : value;
        return field.Set(Base(field), typed);
    }

    private static bool Representable(ConfigField field, double value) =>
        field.Kind != ConfigFieldKind.Integer || (value >= int.MinValue && value <= int.MaxValue);

    private static IEnumerable<string> Fields(TrainingConfig config) => config.Validate().Select(error => error.Field);

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 0 ? "no error" : string.Join("; ", errors.Select(error => $"{error.Field}: {error.Message}"));
}
