using System.Text.Json;

namespace TuneStudio.Web.Models;

// tunestudio.json in every export zip: which run and checkpoint it came from, so importing it back can link the model
// to its run. Outside tools ignore the file; a zip without it (or with a broken one) imports as an outside model.
public sealed record ExportOrigin(string? Run, string? Checkpoint)
{
    public const string FileName = "tunestudio.json";

    public static void Write(string folder, string run, string checkpoint) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(new { run, checkpoint }));

    public static ExportOrigin? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            string? Text(string key) => json.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return new ExportOrigin(Text("run"), Text("checkpoint"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
