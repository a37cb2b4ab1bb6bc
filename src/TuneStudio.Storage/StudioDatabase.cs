using System.Globalization;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// The studio's one LiteDB file and its blob folder. Every LiteDB operation goes through
/// <see cref="Read{T}"/> or <see cref="Write(Action{LiteDatabase})"/>, which serialise on one lock:
/// concurrent reads during writes corrupted LiteDB's state and lost rows when measured here.
/// Callbacks must finish their work inside (materialise query results; never return a lazy enumerable).
/// </summary>
public sealed class StudioDatabase : IDisposable
{
    public const string FileName = "studio.db";

    private readonly object _gate = new();
    private readonly LiteDatabase _database;
    private int _writeDepth;
    private bool _disposed;

    public StudioDatabase(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        BlobDirectory = Path.Combine(DataDirectory, "blobs");
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(BlobDirectory);

        var connection = new ConnectionString
        {
            Filename = Path.Combine(DataDirectory, FileName),
            Connection = ConnectionType.Direct,
            // Ordinal: the range queries on _id ("{run}/{step:D12}/{key}") rely on plain code-unit order,
            // and keys such as metric names must compare case-sensitively. Fixed when the file is created.
            Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
        };
        _database = new LiteDatabase(connection, CreateMapper());
        // Without this LiteDB hands dates back in local time; the studio works in UTC throughout.
        _database.UtcDate = true;

        try
        {
            UnfinishedImports.Remove(this);
            LegacyRowsMigration.Run(this);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    public string DataDirectory { get; }

    public string BlobDirectory { get; }

    /// <summary>Keeps whitespace and empty strings: dataset text must round-trip byte for byte.</summary>
    public static BsonMapper CreateMapper() => new()
    {
        TrimWhitespace = false,
        EmptyStringToNull = false,
    };

    public T Read<T>(Func<LiteDatabase, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return query(_database);
        }
    }

    public void Write(Action<LiteDatabase> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Write(database =>
        {
            change(database);
            return true;
        });
    }

    /// <summary>Runs <paramref name="change"/> as one transaction: all of it is stored, or none of it.</summary>
    public T Write<T>(Func<LiteDatabase, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A Write inside a Write joins the outer transaction (LiteDB's transactions belong to the thread).
            if (_writeDepth > 0) return RunNested(change);

            _database.BeginTrans();
            _writeDepth = 1;
            try
            {
                var result = change(_database);
                _database.Commit();
                return result;
            }
            catch
            {
                _database.Rollback();
                throw;
            }
            finally
            {
                _writeDepth = 0;
            }
        }
    }

    private T RunNested<T>(Func<LiteDatabase, T> change)
    {
        _writeDepth++;
        try
        {
            return change(_database);
        }
        finally
        {
            _writeDepth--;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _database.Dispose();
        }
    }
}
