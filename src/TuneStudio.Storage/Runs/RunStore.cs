using LiteDB;

namespace TuneStudio.Storage;

/// <summary>Training runs and their checkpoints.</summary>
public sealed class RunStore
{
    public const string InterruptedMessage = "The studio stopped while this run was training.";

    private readonly StudioDatabase _db;

    public RunStore(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _db.Write(database =>
        {
            Runs(database).EnsureIndex(r => r.Status);
            Runs(database).EnsureIndex(r => r.CreatedAt);
            Checkpoints(database).EnsureIndex(c => c.RunId);
        });
    }

    /// <summary>
    /// Stores a new run and returns it. An empty Id becomes "run-" and 8 hex digits; a default CreatedAt becomes now,
    /// kept later than every stored run's so that lists follow creation order.
    /// </summary>
    public RunRecord Create(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _db.Write(database =>
        {
            var runs = Runs(database);
            if (string.IsNullOrEmpty(run.Id)) run.Id = ShortId.NewUnused("run-", id => runs.FindById(id) is not null);
            else if (runs.FindById(run.Id) is not null) throw new InvalidOperationException($"A run with id '{run.Id}' already exists.");

            if (run.CreatedAt == default)
            {
                var newest = runs.Query().OrderByDescending(r => r.CreatedAt).Limit(1).FirstOrDefault();
                run.CreatedAt = CreationTime.After(newest?.CreatedAt);
            }
            runs.Insert(run);
            return run;
        });
    }

    public RunRecord? Get(string runId) => _db.Read(database => Runs(database).FindById(runId));

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RunRecord> List() => _db.Read(database =>
        Runs(database).Query().OrderByDescending(r => r.CreatedAt).ToList());

    /// <summary>
    /// Reads the run, lets <paramref name="change"/> modify it, and stores it, all in one write, so concurrent updates
    /// never overwrite each other. <paramref name="change"/> runs under the database lock: keep it quick.
    /// </summary>
    public void Update(string runId, Action<RunRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _db.Write(database =>
        {
            var runs = Runs(database);
            var run = runs.FindById(runId) ?? throw new KeyNotFoundException($"There is no run '{runId}'.");
            change(run);
            if (run.Id != runId) throw new InvalidOperationException("A run's id cannot be changed.");
            runs.Update(run);
        });
    }

    /// <summary>For start-up: a run still "running" lost its trainer when the studio stopped. Returns how many there were.</summary>
    public int MarkRunningAsInterrupted() => _db.Write(database =>
    {
        var runs = Runs(database);
        var running = runs.Find(r => r.Status == RunStatus.Running).ToList();
        var now = CreationTime.ToMilliseconds(DateTime.UtcNow);
        foreach (var run in running)
        {
            run.Status = RunStatus.Interrupted;
            run.Message = InterruptedMessage;
            run.EndedAt ??= now;
            runs.Update(run);
        }
        return running.Count;
    });

    /// <summary>Oldest first: the order to queue them again at start-up.</summary>
    public IReadOnlyList<RunRecord> ListQueued() => _db.Read(database =>
        Runs(database).Query().Where(r => r.Status == RunStatus.Queued).OrderBy(r => r.CreatedAt).ToList());

    /// <summary>Stores a checkpoint; adding one with an existing Id replaces it (a resumed run may save the same step again).</summary>
    public void AddCheckpoint(CheckpointRecord checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.Id, nameof(checkpoint));
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.RunId, nameof(checkpoint));
        _db.Write(database => Checkpoints(database).Upsert(checkpoint));
    }

    /// <summary>In step order.</summary>
    public IReadOnlyList<CheckpointRecord> GetCheckpoints(string runId) => _db.Read(database =>
            Checkpoints(database).Find(c => c.RunId == runId).ToList())
        .OrderBy(c => c.Step)
        .ThenBy(c => c.CreatedAt)
        .ToList();

    /// <summary>Removes the run's checkpoint records after <paramref name="step"/>: a resume from that step drops their files.</summary>
    public int DeleteCheckpointsAfter(string runId, long step) => _db.Write(database =>
        Checkpoints(database).DeleteMany(c => c.RunId == runId && c.Step > step));

    public bool DeleteCheckpoint(string checkpointId) => _db.Write(database => Checkpoints(database).Delete(checkpointId));

    public CheckpointRecord? GetCheckpoint(string checkpointId) => _db.Read(database => Checkpoints(database).FindById(checkpointId));

    private static ILiteCollection<RunRecord> Runs(LiteDatabase database) => database.GetCollection<RunRecord>(CollectionNames.Runs);

    private static ILiteCollection<CheckpointRecord> Checkpoints(LiteDatabase database) =>
        database.GetCollection<CheckpointRecord>(CollectionNames.Checkpoints);
}
