using LiteDB;
using TuneStudio.Storage.Accounts;

namespace TuneStudio.Storage.Audit;

/// <summary>
/// The audit trail: the one way entries are written. There is deliberately no update or delete,
/// so the trail can only grow.
/// </summary>
public sealed class AuditLog
{
    private readonly StudioDatabase _db;

    public AuditLog(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _db.Write(database =>
        {
            Entries(database).EnsureIndex(e => e.Time);
            Entries(database).EnsureIndex(e => e.UserName);
        });
    }

    public AuditEntry Record(string userName, string action, string target, string detail = "")
    {
        var entry = new AuditEntry
        {
            UserName = userName,
            Action = action,
            Target = target,
            Detail = detail,
        };
        return _db.Write(database =>
        {
            var entries = Entries(database);
            var newest = entries.Query().OrderByDescending(e => e.Time).Limit(1).FirstOrDefault();
            entry.Time = CreationTime.After(newest?.Time);
            entries.Insert(entry);
            return entry;
        });
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<AuditEntry> Find(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var user = string.IsNullOrWhiteSpace(filter.UserName) ? null : filter.UserName.Trim();
        var action = string.IsNullOrWhiteSpace(filter.Action) ? null : filter.Action.Trim();
        return _db.Read(database =>
        {
            var query = Entries(database).Query();
            if (user is not null) query = query.Where(e => e.UserName == user);
            if (action is not null) query = query.Where(e => e.Action == action);
            if (filter.From is { } from) query = query.Where(e => e.Time >= from);
            if (filter.To is { } to) query = query.Where(e => e.Time <= to);
            return query.OrderByDescending(e => e.Time).Limit(Math.Max(1, filter.Limit)).ToList();
        });
    }

    private static ILiteCollection<AuditEntry> Entries(LiteDatabase database) => database.GetCollection<AuditEntry>(AccountCollections.Audit);
}
