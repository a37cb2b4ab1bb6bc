using System.Globalization;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// Every metric point of every run, one document per point with _id "{runId}/{step:D12}/{key}": the points of a run
/// after a given step are one range scan of the _id index, already in step-then-key order (the collation is ordinal).
/// </summary>
public sealed class MetricStore
{
    public const long MaxStep = 999_999_999_999;
    public const int MaxKeyLength = 200;

    private readonly StudioDatabase _db;

    public MetricStore(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Stores a batch in one write. A point logged again for the same run, step and key replaces the earlier one:
    /// a run resumed from a checkpoint logs the steps after it a second time.
    /// </summary>
    public void Append(string runId, IReadOnlyList<MetricRow> rows)
    {
        CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        var documents = rows.Select(row => ToDocument(runId, row)).ToList();
        _db.Write(database => Metrics(database).Upsert(documents));
    }

    /// <summary>
    /// Points with Step &gt; <paramref name="afterStep"/>, in step order then key order, of one key or all; at most
    /// <paramref name="limit"/>. A viewer that has seen up to step s asks for afterStep = s.
    /// </summary>
    public IReadOnlyList<MetricRow> Read(string runId, string? key, long afterStep, int limit = 100_000)
    {
        CheckRunId(runId);
        if (limit <= 0 || afterStep >= MaxStep) return [];
        var firstStep = Math.Max(0, afterStep + 1);
        return _db.Read(database =>
        {
            var query = Metrics(database).Query().Where(Query.Between("_id", StepPrefix(runId, firstStep), EndOfRun(runId)));
            if (key is not null) query = query.Where(Query.EQ("key", key));
            return query.OrderBy("_id").Limit(limit).ToList();
        }).Select(FromDocument).ToList();
    }

    /// <summary>The highest step logged for the run; 0 when there is none.</summary>
    public long LastStep(string runId)
    {
        CheckRunId(runId);
        var last = _db.Read(database => Metrics(database).Query()
            .Where(Query.Between("_id", StepPrefix(runId, 0), EndOfRun(runId)))
            .OrderByDescending("_id")
            .Limit(1)
            .FirstOrDefault());
        return last is null ? 0 : last["step"].AsInt64;
    }

    /// <summary>
    /// Moves the run's points after <paramref name="afterStep"/> out of its live history into the superseded one, in one
    /// write: a run resumed from the checkpoint at that step logs those steps again. Returns how many moved.
    /// A later resume may supersede the same step and key again, so each move gets its own id suffix.
    /// </summary>
    public int Supersede(string runId, long afterStep)
    {
        CheckRunId(runId);
        if (afterStep >= MaxStep) return 0;
        var firstStep = Math.Max(0, afterStep + 1);
        var generation = DateTime.UtcNow.Ticks.ToString("D19", CultureInfo.InvariantCulture);
        return _db.Write(database =>
        {
            var live = Metrics(database);
            var later = live.Find(Query.Between("_id", StepPrefix(runId, firstStep), EndOfRun(runId))).ToList();
            if (later.Count == 0) return 0;
            var moved = later.Select(document =>
            {
                var copy = new BsonDocument(document.ToDictionary(pair => pair.Key, pair => pair.Value));
                copy["_id"] = document["_id"].AsString + "#" + generation;
                return copy;
            }).ToList();
            Superseded(database).Insert(moved);
            live.DeleteMany(Query.Between("_id", StepPrefix(runId, firstStep), EndOfRun(runId)));
            return later.Count;
        });
    }

    /// <summary>Points a resume replaced, in step then key order (then in the order they were superseded).</summary>
    public IReadOnlyList<MetricRow> ReadSuperseded(string runId, string? key, long afterStep)
    {
        CheckRunId(runId);
        if (afterStep >= MaxStep) return [];
        var firstStep = Math.Max(0, afterStep + 1);
        return _db.Read(database =>
        {
            var query = Superseded(database).Query().Where(Query.Between("_id", StepPrefix(runId, firstStep), EndOfRun(runId)));
            if (key is not null) query = query.Where(Query.EQ("key", key));
            return query.OrderBy("_id").ToList();
        }).Select(FromDocument).ToList();
    }

    private static ILiteCollection<BsonDocument> Metrics(LiteDatabase database) => database.GetCollection(CollectionNames.Metrics);

    private static ILiteCollection<BsonDocument> Superseded(LiteDatabase database) => database.GetCollection(CollectionNames.SupersededMetrics);

    private static string StepPrefix(string runId, long step) =>
        $"{runId}/{step.ToString("D12", CultureInfo.InvariantCulture)}/";

    // '~' sorts after every digit, so this bounds every "{runId}/{step}/..." id of the run and none of another run.
    private static string EndOfRun(string runId) => $"{runId}/~";

    private static BsonDocument ToDocument(string runId, MetricRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfNegative(row.Step, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(row.Step, MaxStep, nameof(row));
        ArgumentException.ThrowIfNullOrEmpty(row.Key, nameof(row));
        if (row.Key.Length > MaxKeyLength) throw new ArgumentException($"Metric keys are at most {MaxKeyLength} characters.", nameof(row));

        return new BsonDocument
        {
            ["_id"] = StepPrefix(runId, row.Step) + row.Key,
            ["step"] = row.Step,
            ["key"] = row.Key,
            ["value"] = row.Value,
            ["time"] = row.Time,
        };
    }

    private static MetricRow FromDocument(BsonDocument document) =>
        new(document["step"].AsInt64, document["key"].AsString, document["value"].AsDouble, document["time"].AsDateTime);

    private static void CheckRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        // A slash would let one run's id range take in another's points.
        if (runId.Contains('/')) throw new ArgumentException("Run ids cannot contain '/'.", nameof(runId));
    }
}
