using LiteDB;

namespace TuneStudio.Storage.Accounts;

/// <summary>Studio users. Knows nothing of passwords or roles beyond storing what it is given.</summary>
public sealed class UserStore
{
    private readonly StudioDatabase _db;

    public UserStore(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    public static string IdOf(string userName) => userName.Trim().ToLowerInvariant();

    public bool Any() => _db.Read(database => Users(database).Count() > 0);

    public UserRecord? Get(string userName) => _db.Read(database => Users(database).FindById(IdOf(userName)));

    public IReadOnlyList<UserRecord> List() => _db.Read(database => Users(database).Query().OrderBy(u => u.Id).ToList());

    /// <summary>Stores a new user; false when the name is taken.</summary>
    public bool TryCreate(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Id = IdOf(user.UserName);
        if (user.CreatedAt == default) user.CreatedAt = CreationTime.ToMilliseconds(DateTime.UtcNow);
        return _db.Write(database =>
        {
            var users = Users(database);
            if (users.FindById(user.Id) is not null) return false;
            users.Insert(user);
            return true;
        });
    }

    /// <summary>Reads, changes and stores the user in one write; returns the stored user, or null when there is none.</summary>
    public UserRecord? Update(string userName, Action<UserRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _db.Write(database =>
        {
            var users = Users(database);
            var user = users.FindById(IdOf(userName));
            if (user is null) return null;
            var id = user.Id;
            change(user);
            if (user.Id != id) throw new InvalidOperationException("A user's id cannot be changed.");
            users.Update(user);
            return user;
        });
    }

    private static ILiteCollection<UserRecord> Users(LiteDatabase database) => database.GetCollection<UserRecord>(AccountCollections.Users);
}
