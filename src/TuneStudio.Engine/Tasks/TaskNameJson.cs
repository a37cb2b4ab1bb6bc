using System.Text.Json;
using System.Text.Json.Serialization;

namespace TuneStudio.Engine.Tasks;

// TrainingConfig.Task as JSON: the task's name. Configs stored before tasks became plug-ins (runs, checkpoints'
// trainer_state.json) spelled it as an enum member ("textClassification"); those still read as the task they named.
public sealed class TaskNameJson : JsonConverter<string>
{
    private static readonly Dictionary<string, string> Legacy = new(StringComparer.OrdinalIgnoreCase)
    {
        ["textClassification"] = TaskNames.TextClassification,
        ["tokenClassification"] = TaskNames.TokenClassification,
        ["imageClassification"] = TaskNames.ImageClassification,
    };

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("The task must be a string, e.g. \"" + TaskNames.TextClassification + "\".");
        var name = reader.GetString()!;
        return Legacy.GetValueOrDefault(name, name);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
