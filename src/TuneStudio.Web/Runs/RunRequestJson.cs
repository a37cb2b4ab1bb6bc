using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TuneStudio.Engine;

namespace TuneStudio.Web.Runs;

// Reads POST /api/runs: { name?, datasetId, datasetVersion?, forkFrom?: { checkpointId }, ...TrainingConfig }.
// The config part goes straight into TrainingConfig, so every engine field is an API field under the same name;
// an unknown or mistyped field is answered with its name, never silently dropped.
public static partial class RunRequestJson
{
    private static readonly string[] RequestFields = ["name", "datasetId", "datasetVersion", "forkFrom"];

    public static async Task<(RunRequest? Request, IReadOnlyList<FieldError> Errors)> ReadAsync(Stream body, CancellationToken ct)
    {
        JsonNode? root;
        try
        {
            root = await JsonNode.ParseAsync(body, documentOptions: RunConfigJson.NoDuplicateKeys, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return (null, [new FieldError(FieldOf(e.Path) ?? "body", $"The body is not valid JSON: {e.Message}")]);
        }
        return root is JsonObject json ? Parse(json) : (null, [new FieldError("body", "Send a JSON object.")]);
    }

    public static (RunRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonObject json)
    {
        var errors = new List<FieldError>();
        var config = (JsonObject)json.DeepClone();
        var taken = config.Where(p => RequestFields.Contains(p.Key, StringComparer.OrdinalIgnoreCase)).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var key in taken.Keys) config.Remove(key);

        var name = Read<string>(taken.GetValueOrDefault("name"), "name", errors);
        var datasetId = Read<string>(taken.GetValueOrDefault("datasetId"), "datasetId", errors);
        var datasetVersion = Read<int?>(taken.GetValueOrDefault("datasetVersion"), "datasetVersion", errors);
        var fork = Read<ForkFrom>(taken.GetValueOrDefault("forkFrom"), "forkFrom", errors);

        TrainingConfig? trainingConfig = null;
        try
        {
            trainingConfig = config.Deserialize<TrainingConfig>(RunConfigJson.Strict) ?? new TrainingConfig();
        }
        catch (JsonException e)
        {
            errors.Add(Describe(e));
        }
        if (errors.Count > 0 || trainingConfig is null) return (null, errors);
        return (new RunRequest
        {
            Name = name,
            DatasetId = datasetId,
            DatasetVersion = datasetVersion,
            ForkFromCheckpointId = fork?.CheckpointId,
            Config = trainingConfig,
        }, []);
    }

    private sealed record ForkFrom(string? CheckpointId);

    private static T? Read<T>(JsonNode? node, string field, List<FieldError> errors)
    {
        if (node is null) return default;
        try
        {
            return node.Deserialize<T>(RunConfigJson.Strict);
        }
        catch (JsonException e)
        {
            var inner = FieldOf(e.Path);
            errors.Add(new FieldError(inner is null ? field : $"{field}.{inner}", Describe(e).Message));
            return default;
        }
    }

    private static FieldError Describe(JsonException e)
    {
        // System.Text.Json names an unmapped property only in its message.
        var unknown = UnknownProperty().Match(e.Message);
        if (unknown.Success)
        {
            var name = unknown.Groups[1].Value;
            var path = FieldOf(e.Path);
            var field = path is null ? name : path == name || path.EndsWith("." + name) ? path : $"{path}.{name}";
            return new FieldError(field, $"Unknown field '{name}'.");
        }
        var wrong = FieldOf(e.Path) ?? "body";
        var expected = ExpectedType().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;
        return new FieldError(wrong, expected is null ? "The value has the wrong type." : $"The value cannot be read as {Friendly(expected)}.");
    }

    private static string Friendly(string typeName) => typeName switch
    {
        var t when t.Contains("Int32") || t.Contains("Int64") => "a whole number",
        var t when t.Contains("Double") || t.Contains("Single") => "a number",
        var t when t.Contains("Boolean") => "true or false",
        var t when t.Contains("String") && !t.Contains("IReadOnlyList") => "a string",
        var t when t.Contains("IReadOnlyList") => "a list of strings",
        var t when Type.GetType(t + ", TuneStudio.Engine") is { IsEnum: true } type =>
            "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n))),
        var t => t[(t.LastIndexOf('.') + 1)..],
    };

    // "$.lora.targetModules[0]" → "lora.targetModules"; "$" → null.
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var field = ArrayIndex().Replace(path, "").TrimStart('$').TrimStart('.');
        field = field.Replace("['", ".").Replace("']", "");
        return field.Length == 0 ? null : field.TrimStart('.');
    }

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"could not be converted to ([\w\.\[\]`,\s]+?)\. Path")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ArrayIndex();
}
