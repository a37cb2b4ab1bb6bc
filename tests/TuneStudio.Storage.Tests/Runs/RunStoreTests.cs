namespace TuneStudio.Storage.Tests.Runs;

public class RunStoreTests
{
    [Fact]
    public void A_created_run_reads_back_with_an_id_and_creation_time()
    {
        using var studio = new TemporaryStudio();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var created = studio.Runs.Create(new RunRecord
        {
            Name = "  spaced name ",
            DatasetId = "ds-1",
            DatasetName = "First names",
            DatasetVersion = 1,
            Model = "char-transformer",
            Method = "lora",
            ConfigJson = "{\"lr\":0.001}",
            Summary = { ["val/accuracy"] = 0.5 },
            Message = "",
        });

        Assert.Matches("^run-[0-9a-f]{8}$", created.Id);
        Assert.InRange(created.CreatedAt, before, DateTime.UtcNow);
        var read = studio.Runs.Get(created.Id)!;
        Assert.Equal(
            (created.Id, "  spaced name ", RunStatus.Queued, "ds-1", "First names", 1, "char-transformer", "lora", "{\"lr\":0.001}", created.CreatedAt, ""),
            (read.Id, read.Name, read.Status, read.DatasetId, read.DatasetName, read.DatasetVersion, read.Model, read.Method, read.ConfigJson, read.CreatedAt, read.Message));
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(0.5, read.Summary["val/accuracy"]);
        Assert.Null(read.StartedAt);
        Assert.Null(read.BestValAccuracy);
        Assert.Null(studio.Runs.Get("run-missing"));
    }

    [Fact]
    public void Runs_are_listed_newest_first_even_when_created_in_the_same_millisecond()
    {
        using var studio = new TemporaryStudio();

        var ids = Enumerable.Range(0, 5).Select(i => studio.Runs.Create(new RunRecord { Name = $"run {i}" }).Id).ToList();

        Assert.Equal(ids.AsEnumerable().Reverse(), studio.Runs.List().Select(r => r.Id));
        Assert.Equal(ids, studio.Runs.ListQueued().Select(r => r.Id));
    }

    [Fact]
    public void A_given_id_and_creation_time_are_kept_and_a_duplicate_id_is_refused()
    {
        using var studio = new TemporaryStudio();
        var createdAt = new DateTime(2025, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

        studio.Runs.Create(new RunRecord { Id = "run-mine", CreatedAt = createdAt });

        Assert.Equal(createdAt, studio.Runs.Get("run-mine")!.CreatedAt);
        Assert.Throws<InvalidOperationException>(() => studio.Runs.Create(new RunRecord { Id = "run-mine" }));
    }

    [Fact]
    public void Update_changes_the_stored_run()
    {
        using var studio = new TemporaryStudio();
        var run = studio.Runs.Create(new RunRecord { Name = "r" });
        var started = new DateTime(2025, 5, 1, 12, 0, 0, 250, DateTimeKind.Utc);

        studio.Runs.Update(run.Id, r =>
        {
            r.Status = RunStatus.Running;
            r.StartedAt = started;
            r.Steps = 42;
            r.Summary["train/loss"] = 0.25;
            r.BestValMacroF1 = 0.75;
        });

        var read = studio.Runs.Get(run.Id)!;
        Assert.Equal((RunStatus.Running, started, 42L, 0.25, 0.75), (read.Status, read.StartedAt, read.Steps, read.Summary["train/loss"], read.BestValMacroF1));
        Assert.Throws<KeyNotFoundException>(() => studio.Runs.Update("run-missing", _ => { }));
        Assert.Throws<InvalidOperationException>(() => studio.Runs.Update(run.Id, r => r.Id = "run-other"));
        Assert.Equal(RunStatus.Running, studio.Runs.Get(run.Id)!.Status);
    }

    [Fact]
    public void Running_runs_become_interrupted_at_start_up()
    {
        using var studio = new TemporaryStudio();
        var running = new[] { "a", "b" }.Select(n => studio.Runs.Create(new RunRecord { Name = n, Status = RunStatus.Running })).ToList();
        var queued = studio.Runs.Create(new RunRecord { Name = "q" });
        var done = studio.Runs.Create(new RunRecord { Name = "d", Status = RunStatus.Completed });

        var count = studio.Runs.MarkRunningAsInterrupted();

        Assert.Equal(2, count);
        foreach (var run in running.Select(r => studio.Runs.Get(r.Id)!))
        {
            Assert.Equal(RunStatus.Interrupted, run.Status);
            Assert.Equal("The studio stopped while this run was training.", run.Message);
            Assert.NotNull(run.EndedAt);
        }
        Assert.Equal(RunStatus.Queued, studio.Runs.Get(queued.Id)!.Status);
        Assert.Equal(RunStatus.Completed, studio.Runs.Get(done.Id)!.Status);
        Assert.Equal([queued.Id], studio.Runs.ListQueued().Select(r => r.Id));
        Assert.Equal(0, studio.Runs.MarkRunningAsInterrupted());
    }

    [Fact]
    public void Terminal_statuses_are_the_ones_a_run_never_leaves()
    {
        Assert.All(new[] { RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Interrupted }, s => Assert.True(RunStatus.IsTerminal(s)));
        Assert.All(new[] { RunStatus.Queued, RunStatus.Running }, s => Assert.False(RunStatus.IsTerminal(s)));
    }

    [Fact]
    public void Checkpoints_round_trip_in_step_order()
    {
        using var studio = new TemporaryStudio();
        var time = new DateTime(2025, 6, 1, 8, 30, 0, 125, DateTimeKind.Utc);
        var late = new CheckpointRecord("ck-2", "run-1", "step 200", 200, 2, "/data/blobs/run-1/200", 4096, new() { ["val/accuracy"] = 0.9 }, time);
        var early = new CheckpointRecord("ck-1", "run-1", "step 100", 100, 1, "/data/blobs/run-1/100", 2048, new() { ["val/accuracy"] = 0.8, ["val/loss"] = 0.4 }, time);
        var other = late with { Id = "ck-3", RunId = "run-2" };

        studio.Runs.AddCheckpoint(late);
        studio.Runs.AddCheckpoint(early);
        studio.Runs.AddCheckpoint(other);

        var checkpoints = studio.Runs.GetCheckpoints("run-1");
        Assert.Equal(["ck-1", "ck-2"], checkpoints.Select(c => c.Id));
        AssertSame(early, checkpoints[0]);
        AssertSame(late, studio.Runs.GetCheckpoint("ck-2")!);
        Assert.Null(studio.Runs.GetCheckpoint("ck-missing"));
        Assert.Empty(studio.Runs.GetCheckpoints("run-none"));
    }

    private static void AssertSame(CheckpointRecord expected, CheckpointRecord actual)
    {
        // Records compare their dictionary by reference, so compare the rest with one shared dictionary.
        var none = new Dictionary<string, double>();
        Assert.Equal(expected with { Metrics = none }, actual with { Metrics = none });
        Assert.Equal(expected.Metrics.OrderBy(m => m.Key), actual.Metrics.OrderBy(m => m.Key));
    }

    [Fact]
    public void Deleting_checkpoints_after_a_step_removes_only_that_runs_later_ones()
    {
        using var studio = new TemporaryStudio();
        foreach (var (run, step) in new[] { ("run-a", 10L), ("run-a", 20L), ("run-a", 30L), ("run-b", 30L) })
            studio.Runs.AddCheckpoint(new CheckpointRecord($"{run}-{step}", run, $"step-{step}", step, 1, "/nowhere", 1, new Dictionary<string, double>(), DateTime.UtcNow));

        Assert.Equal(2, studio.Runs.DeleteCheckpointsAfter("run-a", 10));

        Assert.Equal(["run-a-10"], studio.Runs.GetCheckpoints("run-a").Select(c => c.Id));
        Assert.Single(studio.Runs.GetCheckpoints("run-b"));
    }
}
