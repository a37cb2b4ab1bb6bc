using System.Text.Json;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Datasets;

/// <summary>
/// Reads the body of <c>POST /api/datasets/{id}/versions</c>: <c>{ "baseVersion": n, "operation": "trim", ...params }</c>.
/// Every problem names the JSON field it is about.
/// </summary>
public static class OperationRequest
{
    public const int DefaultSeed = 42;

    public sealed record Parsed(int BaseVersion, DatasetOperation? Operation, IReadOnlyList<FieldError> Errors);

    public static Parsed Parse(JsonElement body)
    {
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object) return new Parsed(0, null, [new FieldError("body", "Send a JSON object.")]);

        var fields = new Fields(body, errors);
        var baseVersion = fields.Int("baseVersion", required: true) ?? 0;
        var name = fields.String("operation", required: true);
        DatasetOperation? operation = name switch
        {
            null => null,
            DatasetOperationNames.Trim => new TrimWhitespace(),
            DatasetOperationNames.NormalizeUnicode => new NormalizeUnicode(),
            DatasetOperationNames.DropDuplicates => new DropDuplicates(),
            DatasetOperationNames.DropEmpty => new DropEmpty(),
            DatasetOperationNames.MergeLabels => new MergeLabels(fields.Strings("labels"), fields.String("into", required: true) ?? ""),
            DatasetOperationNames.RenameLabel => new RenameLabel(fields.String("from", required: true) ?? "", fields.String("to", required: true) ?? ""),
            DatasetOperationNames.DropRows => new DropRows(fields.String("labelEquals"), fields.String("textContains"), fields.String("regex")),
            DatasetOperationNames.FixRow => new FixRow(fields.Int("row", required: true) ?? 0, fields.String("text"), fields.String("label")),
            DatasetOperationNames.Split => new SplitRows(
                fields.Method("method"),
                fields.Double("validationFraction") ?? 0,
                fields.Double("testFraction") ?? 0,
                fields.Int("seed") ?? DefaultSeed,
                fields.Int("folds") ?? 0),
            _ => Unknown(name, errors),
        };
        return new Parsed(baseVersion, errors.Count == 0 ? operation : null, errors);
    }

    private static DatasetOperation? Unknown(string name, List<FieldError> errors)
    {
        errors.Add(new FieldError("operation", $"'{name}' is not an operation; use one of {string.Join(", ", DatasetOperationNames.All)}."));
        return null;
    }

    private sealed class Fields(JsonElement body, List<FieldError> errors)
    {
        public string? String(string name, bool required = false)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required) errors.Add(new FieldError(name, $"'{name}' is required."));
                return null;
            }
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            errors.Add(new FieldError(name, $"'{name}' must be a string."));
            return null;
        }

        public int? Int(string name, bool required = false)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required) errors.Add(new FieldError(name, $"'{name}' is required."));
                return null;
            }
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
            errors.Add(new FieldError(name, $"'{name}' must be a whole number."));
            return null;
        }

        public double? Double(string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
            errors.Add(new FieldError(name, $"'{name}' must be a number."));
            return null;
        }

        public SplitMethod Method(string name)
        {
            var text = String(name);
            if (text is null || text == "stratified") return SplitMethod.Stratified;
            if (text == "random") return SplitMethod.Random;
            errors.Add(new FieldError(name, $"'{name}' must be 'random' or 'stratified'."));
            return SplitMethod.Stratified;
        }

        public IReadOnlyList<string> Strings(string name)
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array &&
                value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                return value.EnumerateArray().Select(v => v.GetString()!).ToList();
            errors.Add(new FieldError(name, $"'{name}' must be an array of strings."));
            return [];
        }
    }
}
