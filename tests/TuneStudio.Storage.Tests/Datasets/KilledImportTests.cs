using System.Diagnostics;
using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class KilledImportTests
{
    [Fact]
    public async Task An_import_killed_with_SIGKILL_halfway_leaves_no_visible_version_and_the_database_opens_cleanly()
    {
        using var studio = new TemporaryStudio();
        var kept = studio.Import("text,label\nkeep,me\n", "kept.csv").Dataset!;
        studio.Db.Dispose();
        var file = Path.Combine(studio.DataDirectory, "big.csv");
        var content = new StringBuilder("text,label\n");
        for (var i = 0; i < 60_000; i++) content.Append($"example number {i} with a few more words,label{i % 4}\n");
        await File.WriteAllTextAsync(file, content.ToString());

        using (var worker = StartWorker(studio.DataDirectory, file))
        {
            var line = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("HALFWAY", line);
            worker.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally blocks, no disposal, no log flush by us.
            await worker.WaitForExitAsync();
        }

        // What the kill left behind, seen before the studio's clean-up runs: a mark and thousands of rows' pages.
        using (var raw = new LiteDB.LiteDatabase($"Filename={Path.Combine(studio.DataDirectory, StudioDatabase.FileName)};Connection=direct"))
        {
            Assert.Equal(1, raw.GetCollection(CollectionNames.PendingImports).Count());
            Assert.True(raw.GetCollection(CollectionNames.RowPages).Count() > 100);
        }
        studio.Reopen();

        Assert.Equal([kept.Id], studio.Datasets.List().Select(d => d.Id));
        Assert.Equal(1, studio.Count(CollectionNames.DatasetVersions));
        Assert.Equal(0, studio.Count(CollectionNames.PendingImports));
        Assert.Equal(1, studio.Count(CollectionNames.VersionPages));
        Assert.Equal(1, studio.Count(CollectionNames.RowPages));
        Assert.Equal([new DatasetRow(0, "keep", "me")], studio.Datasets.ReadAllRows(kept.Id, 1));
        Assert.True(studio.Import("text,label\nafter,kill\n", "after.csv").Succeeded);
    }

    private static Process StartWorker(string dataDirectory, string file)
    {
        // The worker's build output mirrors this assembly's: .../tests/<project>/bin/<configuration>/<tfm>/<rid>/.
        var here = AppContext.BaseDirectory;
        var workerDirectory = here.Replace(
            $"{Path.DirectorySeparatorChar}TuneStudio.Storage.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}TuneStudio.Storage.ImportWorker{Path.DirectorySeparatorChar}");
        var worker = Path.Combine(workerDirectory, "TuneStudio.Storage.ImportWorker.dll");
        Assert.True(File.Exists(worker), $"{worker} was not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add(dataDirectory);
        start.ArgumentList.Add(file);
        return Process.Start(start)!;
    }
}
