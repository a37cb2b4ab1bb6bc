using System.Reflection;
using LiteDB;

namespace TuneStudio.Storage.Tests;

public class StudioDatabaseTests
{
    [Fact]
    public void Opening_creates_the_database_file_and_blob_folder()
    {
        using var studio = new TemporaryStudio();

        Assert.True(File.Exists(Path.Combine(studio.DataDirectory, "studio.db")));
        Assert.True(Directory.Exists(studio.Db.BlobDirectory));
        Assert.Equal(Path.Combine(studio.DataDirectory, "blobs"), studio.Db.BlobDirectory);
        Assert.Equal(studio.DataDirectory, studio.Db.DataDirectory);
    }

    [Fact]
    public void Data_survives_closing_and_reopening()
    {
        using var studio = new TemporaryStudio();
        var dataset = studio.Import("text,label\n\" kept \",a\n", "a.csv").Dataset!;
        var run = studio.Runs.Create(new RunRecord { Name = "r", Status = RunStatus.Running });
        studio.Metrics.Append(run.Id, [new MetricRow(3, "loss", 0.5, DateTime.UtcNow)]);

        studio.Reopen();

        TestFiles.AssertSameSummary(dataset, studio.Datasets.Get(dataset.Id));
        Assert.Equal([new DatasetRow(0, " kept ", "a")], studio.Datasets.ReadAllRows(dataset.Id, 1));
        Assert.Equal(RunStatus.Running, studio.Runs.Get(run.Id)!.Status);
        Assert.Equal(3, studio.Metrics.LastStep(run.Id));
    }

    [Fact]
    public void The_mapper_keeps_whitespace_and_empty_strings()
    {
        using var studio = new TemporaryStudio();

        studio.Db.Write(database => database.GetCollection<RunRecord>("mapped").Insert(new RunRecord { Id = "r", Name = "  padded  ", Message = "" }));

        var read = studio.Db.Read(database => database.GetCollection<RunRecord>("mapped").FindById("r"));
        Assert.Equal(("  padded  ", ""), (read.Name, read.Message));
    }

    [Fact]
    public void A_failed_write_stores_none_of_its_changes()
    {
        using var studio = new TemporaryStudio();

        Assert.Throws<InvalidOperationException>(() => studio.Db.Write(database =>
        {
            database.GetCollection("things").Insert(new BsonDocument { ["_id"] = "one" });
            throw new InvalidOperationException("midway");
        }));

        Assert.Equal(0, studio.Count("things"));
        studio.Db.Write(database => database.GetCollection("things").Insert(new BsonDocument { ["_id"] = "two" }));
        Assert.Equal(1, studio.Count("things"));
    }

    [Fact]
    public void A_write_inside_a_write_joins_its_transaction()
    {
        using var studio = new TemporaryStudio();

        Assert.Throws<InvalidOperationException>(() => studio.Db.Write(database =>
        {
            studio.Db.Write(inner => inner.GetCollection("things").Insert(new BsonDocument { ["_id"] = "inner" }));
            throw new InvalidOperationException("after the inner write");
        }));

        Assert.Equal(0, studio.Count("things"));
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_lose_nothing()
    {
        using var studio = new TemporaryStudio();
        var runs = studio.Runs;
        var metrics = studio.Metrics;
        var runIds = Enumerable.Range(0, 4).Select(i => runs.Create(new RunRecord { Name = $"run {i}" }).Id).ToList();
        const int Batches = 60, PointsPerBatch = 10;

        var writers = runIds.Select(runId => Task.Run(() =>
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                var rows = Enumerable.Range(0, PointsPerBatch)
                    .Select(i => new MetricRow(batch * PointsPerBatch + i + 1, "loss", i, DateTime.UtcNow)).ToList();
                metrics.Append(runId, rows);
                runs.Update(runId, r => r.Steps++);
                runs.Update(runIds[0], r => r.Summary["touches"] = r.Summary.GetValueOrDefault("touches") + 1);
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.Equal(4, runs.List().Count);
                foreach (var runId in runIds) metrics.Read(runId, "loss", metrics.LastStep(runId) - 5);
            }
        }));
        await Task.WhenAll([.. writers, .. readers]);

        foreach (var runId in runIds)
        {
            Assert.Equal(Batches * PointsPerBatch, metrics.Read(runId, null, 0).Count);
            Assert.Equal(Batches * PointsPerBatch, metrics.LastStep(runId));
            Assert.Equal(Batches, runs.Get(runId)!.Steps);
        }
        Assert.Equal(Batches * runIds.Count, runs.Get(runIds[0])!.Summary["touches"]);
    }

    [Fact]
    public void Storage_depends_on_nothing_but_LiteDB_the_managed_image_codecs_and_the_runtime()
    {
        // The codecs decode and check uploaded images and encode IDX pixels as PNG; both are pure managed code.
        string[] allowed = ["LiteDB", "StbImageSharp", "StbImageWriteSharp", "netstandard"];
        var references = typeof(StudioDatabase).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(allowed.Contains(name) || name.StartsWith("System"), name));
    }

    [Fact]
    public void Nothing_can_be_done_after_disposing()
    {
        var studio = new TemporaryStudio();
        var db = studio.Db;
        studio.Dispose();

        Assert.Throws<ObjectDisposedException>(() => db.Read(database => database.GetCollectionNames().ToList()));
    }
}
