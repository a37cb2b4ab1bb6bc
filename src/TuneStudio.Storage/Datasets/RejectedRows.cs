using System.Text;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>The problems of the rows an import left out, as stored with the dataset: the file's row, field and reason.</summary>
public sealed record RejectedRowsReport(string FileName, long TotalProblems, IReadOnlyList<ValidationError> Problems)
{
    /// <summary>CSV with a header <c>row,field,reason</c>; <c>row</c> is the file's 1-based data row, as the upload report numbers it.</summary>
    public void WriteCsv(Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine("row,field,reason");
        foreach (var problem in Problems)
            writer.WriteLine($"{problem.Row},{Quote(problem.Field)},{Quote(problem.Message)}");
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}

/// <summary>
/// One document per dataset (_id the dataset id) in <c>import_rejections</c>, written in the transaction that publishes
/// version 1. Keeps the first <see cref="MaxKept"/> problems; the total counts them all.
/// </summary>
internal static class RejectedRows
{
    public const int MaxKept = 100_000;

    public static ILiteCollection<BsonDocument> In(LiteDatabase database) => database.GetCollection(CollectionNames.ImportRejections);

    public static void Insert(LiteDatabase database, string datasetId, string fileName, IReadOnlyList<ValidationError> problems, long total)
    {
        var array = new BsonArray(problems.Select(p => new BsonDocument { ["r"] = p.Row, ["f"] = p.Field, ["m"] = p.Message }));
        In(database).Insert(new BsonDocument { ["_id"] = datasetId, ["file"] = fileName, ["total"] = total, ["problems"] = array });
    }

    public static RejectedRowsReport? Read(LiteDatabase database, string datasetId) =>
        In(database).FindById(datasetId) is { } document
            ? new RejectedRowsReport(document["file"].AsString, document["total"].AsInt64,
                document["problems"].AsArray.Select(p => new ValidationError(p["r"].AsInt64, p["f"].AsString, p["m"].AsString)).ToList())
            : null;

    /// <summary>Rows left out: one row may have several problems. Exact while every problem was kept.</summary>
    public static long CountRows(IReadOnlyList<ValidationError> kept, long total) =>
        kept.Select(p => p.Row).Distinct().LongCount() + (total - kept.Count);
}
