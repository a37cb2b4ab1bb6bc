using System.Text.Json;
using System.Text.Json.Nodes;

namespace TuneStudio.Engine.Tasks.MultiLabel;

// Per-label decision thresholds, stored as thresholds.json beside a multi-label checkpoint's weights:
// { "default": 0.5, "tuned_at_step": 40, "thresholds": { "sports": 0.41, ... } }. Each is the threshold that maximised
// that label's F1 on the validation set at the latest evaluation up to the checkpoint (tuned_at_step; null and every
// threshold 0.5 before the first evaluation). A checkpoint without the file (written by something else, or a crash
// between the checkpoint's rename and this file) reads as 0.5 for every label.
public sealed record MultiLabelThresholds(IReadOnlyDictionary<string, double> ByLabel, long? TunedAtStep)
{
    public const string FileName = "thresholds.json";
    public const double Default = 0.5;

    public static MultiLabelThresholds Defaults(IReadOnlyList<string> labels) =>
        new(labels.ToDictionary(label => label, _ => Default, StringComparer.Ordinal), null);

    public static MultiLabelThresholds Read(string checkpointDirectory, IReadOnlyList<string> labels)
    {
        var path = Path.Combine(checkpointDirectory, FileName);
        if (!File.Exists(path)) return Defaults(labels);
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");
        var stored = root["thresholds"]?.AsObject() ?? throw new InvalidDataException($"{path} has no thresholds.");
        return new MultiLabelThresholds(
            labels.ToDictionary(label => label, label => stored[label]?.GetValue<double>() ?? Default, StringComparer.Ordinal),
            root["tuned_at_step"]?.GetValue<long>());
    }

    public void Write(string checkpointDirectory)
    {
        var json = new JsonObject
        {
            ["default"] = Default,
            ["tuned_at_step"] = TunedAtStep,
            ["thresholds"] = ToJson(),
        };
        var path = Path.Combine(checkpointDirectory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    public JsonObject ToJson() => new(ByLabel.Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)JsonValue.Create(entry.Value))));
}
