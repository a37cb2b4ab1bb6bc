using System.Text.Json;
using System.Text.Json.Serialization;
using TuneStudio.Engine;

namespace TuneStudio.Web.Runs;

// How a run's resolved config is stored and returned: the names the API and the run dialog use.
public static class RunConfigJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    // For what users send: a misspelt field must not silently fall back to its default.
    public static readonly JsonSerializerOptions Strict = new(Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
    };

    // What users send is read with a repeated key refused, never resolved by whichever copy the parser keeps.
    public static readonly JsonDocumentOptions NoDuplicateKeys = new() { AllowDuplicateProperties = false };

    public static string Serialize(TrainingConfig config) => JsonSerializer.Serialize(config, Options);

    public static TrainingConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<TrainingConfig>(json, Options) ?? new TrainingConfig();

    // A run's task: recorded on the run, or, for a run stored before tasks were plug-ins, read from its config.
    public static string TaskOf(TuneStudio.Storage.RunRecord run) => run.Task is { Length: > 0 } task ? task : Deserialize(run.ConfigJson).Task;

    public static string MethodName(FineTuneMethod method) => JsonNamingPolicy.CamelCase.ConvertName(method.ToString());
}
