using System.Text;
using LiteDB;

namespace TuneStudio.Storage.Tests;

/// <summary>A real studio database in its own temporary folder, deleted afterwards.</summary>
public sealed class TemporaryStudio : IDisposable
{
    public TemporaryStudio()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "tunestudio-storage-tests", Guid.NewGuid().ToString("N"));
        Db = new StudioDatabase(DataDirectory);
    }

    public string DataDirectory { get; }

    public StudioDatabase Db { get; private set; }

    public DatasetStore Datasets => new(Db);

    public RunStore Runs => new(Db);

    public MetricStore Metrics => new(Db);

    public void Reopen()
    {
        Db.Dispose();
        Db = new StudioDatabase(DataDirectory);
    }

    public ImportResult Import(string content, string fileName, ColumnMapping? mapping = null, string name = "test set") =>
        Import(Encoding.UTF8.GetBytes(content), fileName, mapping, name);

    public ImportResult Import(byte[] content, string fileName, ColumnMapping? mapping = null, string name = "test set", CancellationToken cancellationToken = default) =>
        Datasets.ImportTextClassification(() => new MemoryStream(content, writable: false), fileName, name, mapping, cancellationToken);

    /// <summary>The database file's size once its log is written back, as it would be after a restart.</summary>
    public long FileSize()
    {
        Reopen();
        return new FileInfo(Path.Combine(DataDirectory, StudioDatabase.FileName)).Length;
    }

    public int Count(string collection) => Db.Read(database => database.GetCollection(collection).Count());

    /// <summary>True when no import has left anything behind: no dataset, version, row or import mark.</summary>
    public bool HoldsNoDatasetContent() =>
        Count(CollectionNames.Datasets) == 0 &&
        Count(CollectionNames.DatasetVersions) == 0 &&
        Count(CollectionNames.RowPages) == 0 &&
        Count(CollectionNames.VersionPages) == 0 &&
        Count(CollectionNames.PendingImports) == 0;

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail the test that used it.
        }
    }
}
