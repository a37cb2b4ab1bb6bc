using LiteDB;

namespace TuneStudio.Storage.Accounts;

/// <summary>API tokens, looked up by the hash of the token a client presents.</summary>
public sealed class ApiTokenStore
{
    private readonly StudioDatabase _db;

    public ApiTokenStore(StudioDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _db.Write(database =>
        {
            Tokens(database).EnsureIndex(t => t.TokenHash, unique: true);
            Tokens(database).EnsureIndex(t => t.UserId);
        });
    }

    public ApiTokenRecord Create(ApiTokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _db.Write(database =>
        {
            var tokens = Tokens(database);
            token.Id = ShortId.NewUnused("tok-", id => tokens.FindById(id) is not null);
            if (token.CreatedAt == default) token.CreatedAt = CreationTime.ToMilliseconds(DateTime.UtcNow);
            tokens.Insert(token);
            return token;
        });
    }

    public ApiTokenRecord? FindByHash(string tokenHash) =>
        _db.Read(database => Tokens(database).FindOne(t => t.TokenHash == tokenHash));

    public ApiTokenRecord? Get(string id) => _db.Read(database => Tokens(database).FindById(id));

    /// <summary>Newest first, revoked ones included.</summary>
    public IReadOnlyList<ApiTokenRecord> ListForUser(string userId) => _db.Read(database =>
        Tokens(database).Find(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToList());

    /// <summary>True when the token was live and is now revoked.</summary>
    public bool Revoke(string id, DateTime at) => _db.Write(database =>
    {
        var tokens = Tokens(database);
        var token = tokens.FindById(id);
        if (token is null || token.RevokedAt is not null) return false;
        token.RevokedAt = at;
        tokens.Update(token);
        return true;
    });

    private static ILiteCollection<ApiTokenRecord> Tokens(LiteDatabase database) => database.GetCollection<ApiTokenRecord>(AccountCollections.ApiTokens);
}
