using LiteDB;

namespace TuneStudio.Storage;

/// <summary>Evaluations, their examples, and the rows each run held out for validation.</summary>
public sealed class EvaluationStore
{
    private readonly StudioDatabase _db;

    public EvaluationStore(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _db.Write(database =>
        {
            Evaluations(database).EnsureIndex(e => e.RunId);
            Evaluations(database).EnsureIndex(e => e.Status);
        });
    }

    public EvaluationRecord Create(EvaluationRecord evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return _db.Write(database =>
        {
            var all = Evaluations(database);
            if (string.IsNullOrEmpty(evaluation.Id)) evaluation.Id = ShortId.NewUnused("ev-", id => all.FindById(id) is not null);
            if (evaluation.CreatedAt == default)
            {
                var newest = all.Query().OrderByDescending(e => e.CreatedAt).Limit(1).FirstOrDefault();
                evaluation.CreatedAt = CreationTime.After(newest?.CreatedAt);
            }
            all.Insert(evaluation);
            return evaluation;
        });
    }

    public EvaluationRecord? Get(string id) => _db.Read(database => Evaluations(database).FindById(id));

    /// <summary>Newest first.</summary>
    public IReadOnlyList<EvaluationRecord> ListForRun(string runId) => _db.Read(database =>
        Evaluations(database).Query().Where(e => e.RunId == runId).OrderByDescending(e => e.CreatedAt).ToList());

    /// <summary>Oldest first: the order to queue them again at start-up.</summary>
    public IReadOnlyList<EvaluationRecord> ListQueued() => _db.Read(database =>
        Evaluations(database).Query().Where(e => e.Status == EvaluationStatus.Queued).OrderBy(e => e.CreatedAt).ToList());

    /// <summary>Reads, changes and stores the record in one write; returns null when it does not exist.</summary>
    public EvaluationRecord? Update(string id, Action<EvaluationRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _db.Write(database =>
        {
            var all = Evaluations(database);
            var evaluation = all.FindById(id);
            if (evaluation is null) return null;
            change(evaluation);
            all.Update(evaluation);
            return evaluation;
        });
    }

    /// <summary>
    /// Stores the examples and the finished record in one write: a reader sees either no report or the whole one, and
    /// a crash before it leaves the evaluation running (marked interrupted at start-up) with no examples.
    /// </summary>
    public void Complete(string id, IReadOnlyList<EvaluationExample> examples, Action<EvaluationRecord> change)
    {
        ArgumentNullException.ThrowIfNull(examples);
        _db.Write(database =>
        {
            var all = Evaluations(database);
            var evaluation = all.FindById(id) ?? throw new InvalidOperationException($"Evaluation {id} no longer exists.");
            var name = ExamplesName(id);
            database.DropCollection(name);
            var stored = database.GetCollection<EvaluationExample>(name);
            for (int i = 0; i < examples.Count; i++) examples[i].Id = i + 1;
            stored.InsertBulk(examples);
            stored.EnsureIndex(e => e.Loss);
            stored.EnsureIndex(e => e.Confidence);
            stored.EnsureIndex(e => e.Row);
            change(evaluation);
            evaluation.Status = EvaluationStatus.Completed;
            evaluation.Examples = examples.Count;
            all.Update(evaluation);
        });
    }

    public EvaluationExamplePage ReadExamples(string id, EvaluationExampleQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _db.Read(database =>
        {
            if (!database.CollectionExists(ExamplesName(id))) return new EvaluationExamplePage(0, []);
            var matches = database.GetCollection<EvaluationExample>(ExamplesName(id)).Query();
            if (query.TrueLabel is { } trueLabel) matches = matches.Where(e => e.TrueLabel == trueLabel);
            if (query.PredictedLabel is { } predicted) matches = matches.Where(e => e.PredictedLabel == predicted);
            if (query.Correct is { } correct) matches = matches.Where(e => e.Correct == correct);
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                // Case-insensitive substring (LIKE would read % and _ in the search as wildcards).
                matches = matches.Where(BsonExpression.Create("INDEXOF(LOWER($.Text), @0) >= 0", query.Search.Trim().ToLowerInvariant()));
            }
            var total = matches.Count();
            var ordered = (query.Sort, query.Descending) switch
            {
                ("confidence", true) => matches.OrderByDescending(e => e.Confidence),
                ("confidence", false) => matches.OrderBy(e => e.Confidence),
                ("row", true) => matches.OrderByDescending(e => e.Row),
                ("row", false) => matches.OrderBy(e => e.Row),
                (_, true) => matches.OrderByDescending(e => e.Loss),
                (_, false) => matches.OrderBy(e => e.Loss),
            };
            return new EvaluationExamplePage(total, ordered.Skip(query.Skip).Limit(query.Take).ToList());
        });
    }

    /// <summary>Removes the evaluation and its examples.</summary>
    public bool Delete(string id) => _db.Write(database =>
    {
        database.DropCollection(ExamplesName(id));
        return Evaluations(database).Delete(id);
    });

    /// <summary>Evaluations left running by a stopped studio become interrupted (they never wrote examples).</summary>
    public int MarkRunningAsInterrupted() => _db.Write(database =>
    {
        var all = Evaluations(database);
        var running = all.Find(e => e.Status == EvaluationStatus.Running).ToList();
        foreach (var evaluation in running)
        {
            evaluation.Status = EvaluationStatus.Interrupted;
            evaluation.Message = "The studio stopped while this evaluation ran; start it again.";
            evaluation.EndedAt = DateTime.UtcNow;
            all.Update(evaluation);
        }
        return running.Count;
    });

    /// <summary>The run's validation rows as 0-based positions in its dataset version, when it held them out itself.</summary>
    public void SetValidationRows(string runId, IReadOnlyList<int> rows) => _db.Write(database =>
        ValidationRows(database).Upsert(new BsonDocument { ["_id"] = runId, ["rows"] = new BsonArray(rows.Select(row => new BsonValue(row))) }));

    public IReadOnlyList<int>? GetValidationRows(string runId) => _db.Read(database =>
        ValidationRows(database).FindById(runId) is { } document ? document["rows"].AsArray.Select(value => value.AsInt32).ToList() : null);

    private static string ExamplesName(string id) => CollectionNames.EvaluationExamplesPrefix + id.Replace('-', '_');

    private static ILiteCollection<EvaluationRecord> Evaluations(LiteDatabase database) =>
        database.GetCollection<EvaluationRecord>(CollectionNames.Evaluations);

    private static ILiteCollection<BsonDocument> ValidationRows(LiteDatabase database) =>
        database.GetCollection(CollectionNames.RunValidationRows);
}
